//! Folding names into identity keys: case, diacritics, a leading "the".

use whosaid_analysis::EntityKind;

/// Folds common Latin diacritics ("Orbán" → "Orban").
pub fn fold_diacritics(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'E',
            'í' | 'ì' | 'î' | 'ï' | 'ī' | 'į' => 'i',
            'Í' | 'Ì' | 'Î' | 'Ï' | 'Ī' | 'Į' => 'I',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
            'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' | 'Ō' | 'Ő' => 'O',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
            'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => 'U',
            'ç' | 'ć' | 'č' => 'c',
            'Ç' | 'Ć' | 'Č' => 'C',
            'ñ' | 'ń' | 'ň' => 'n',
            'Ñ' | 'Ń' | 'Ň' => 'N',
            'š' | 'ś' | 'ş' => 's',
            'Š' | 'Ś' | 'Ş' => 'S',
            'ž' | 'ź' | 'ż' => 'z',
            'Ž' | 'Ź' | 'Ż' => 'Z',
            'ý' | 'ÿ' => 'y',
            'Ý' => 'Y',
            'ł' => 'l',
            'Ł' => 'L',
            'ř' => 'r',
            'Ř' => 'R',
            'ğ' => 'g',
            _ => c,
        })
        .collect()
}

/// The lower-case label of a kind, as stored.
pub fn kind_label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Place => "place",
    }
}

/// The identity key of an entity across the corpus.
pub fn entity_key(kind: EntityKind, name: &str, country: Option<&str>) -> String {
    if let Some(code) = country {
        return format!("country:{code}");
    }
    let folded = fold_diacritics(name).to_lowercase();
    let folded = folded.strip_prefix("the ").unwrap_or(&folded);
    let folded: String = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{}:{folded}", kind_label(kind))
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
