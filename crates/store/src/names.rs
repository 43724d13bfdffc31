//! Folding names into identity keys: case, diacritics, a leading "the".

use whosaid_analysis::lexicon::fold_diacritics;
use whosaid_analysis::EntityKind;

/// The identity key of an entity across the corpus.
pub fn entity_key(kind: EntityKind, name: &str, country: Option<&str>) -> String {
    if let Some(code) = country {
        return format!("country:{code}");
    }
    let folded = fold_diacritics(name).to_lowercase();
    let folded = folded.strip_prefix("the ").unwrap_or(&folded);
    let folded: String = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{}:{folded}", kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_share_a_key() {
        assert_eq!(
            entity_key(EntityKind::Person, "Viktor Orbán", None),
            entity_key(EntityKind::Person, "Viktor  Orban", None)
        );
        assert_eq!(
            entity_key(EntityKind::Organization, "The Kremlin", None),
            entity_key(EntityKind::Organization, "Kremlin", None)
        );
        assert_eq!(
            entity_key(EntityKind::Place, "United States", Some("USA")),
            "country:USA"
        );
    }
}
