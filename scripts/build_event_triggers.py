#!/usr/bin/env python3
"""Writes crates/analysis/data/event_triggers.tsv: every form of the PLOVER trigger verbs below.

The families follow the PLOVER definitions (shared/data/plover/plover_reference.html) and the
CAMEO verb categories. Run from the repository root: python3 scripts/build_event_triggers.py
"""
import re
def forms(v):
    # regular English inflection of a verb lemma; "lemma|3sg|past|ing" overrides
    if '|' in v: return v.split('|')
    if v.endswith('e'): return [v, v+'s', v+'d', v[:-1]+'ing']
    if v.endswith('y') and v[-2] not in 'aeiou': return [v, v[:-1]+'ies', v[:-1]+'ied', v+'ing']
    if re.search(r'(s|sh|ch|x|z)$', v): return [v, v+'es', v+'ed', v+'ing']
    return [v, v+'s', v+'ed', v+'ing']
FAM = {
'AGREE': ["agree|agrees|agreed|agreeing","promise","pledge","offer","vow to cooperate|vows to cooperate|vowed to cooperate|vowing to cooperate",
          "commit to|commits to|committed to|committing to"],
'AGREE*': ["ready to","willing to","prepared to","will allow","agreement to","offer to","offered to","proposal to","proposed to","expressed willingness","expressed readiness","in principle"],
'CONSULT': ["meet|meets|met|meeting with","meet with|meets with|met with|meeting with","hold talks|holds talks|held talks|holding talks","speak with|speaks with|spoke with|speaking with","spoken with",
            "speak to|speaks to|spoke to|speaking to","spoken to","talk with|talks with|talked with|talking with","talk to|talks to|talked to|talking to","visit","host","negotiate","discuss","consult",
            "phone","telephone","confer","mediate","hold discussions|holds discussions|held discussions|holding discussions",
            "hold consultations|holds consultations|held consultations|holding consultations","receive|receives|received|receiving"],
'CONSULT*': ["phone calls","talks with","negotiations","negotiations with","mediation","mediation effort","peace talks","summit","consultations","a meeting with","first meeting with","meeting with","telephone conversation","phone call","visit to","renewed negotiations","resumed talks","resumed negotiations"],
'SUPPORT*': ["support for"],
'SUPPORT': ["sign|signs|signed|signing","ratify","praise","welcome","back|backs|backed|backing","endorse","support|supports|supported|supporting","recognize","recognise","commend","hail","applaud","congratulate",
            "defend|defends|defended|defending","apologize","apologise","forgive|forgives|forgave|forgiving","upgrade","restore ties|restores ties|restored ties|restoring ties","restore relations|restores relations|restored relations|restoring relations",
            "establish diplomatic ties|establishes diplomatic ties|established diplomatic ties|establishing diplomatic ties","establish ties|establishes ties|established ties|establishing ties","normalize relations|normalizes relations|normalized relations|normalizing relations",
            "express support|expresses support|expressed support|expressing support","voice support|voices support|voiced support|voicing support","side with|sides with|sided with|siding with"],
'COOPERATE': ["cooperate","collaborate","extradite","exchange|exchanges|exchanged|exchanging","share intelligence|shares intelligence|shared intelligence|sharing intelligence"],
'COOPERATE*': ["war games","joint exercises","joint military exercises","joint patrols","military exercises"],
'AID': ["provide","donate","grant|grants|granted|granting","contribute","supply|supplies|supplied|supplying","deliver aid|delivers aid|delivered aid|delivering aid","send aid|sends aid|sent aid|sending aid",
        "airlift|airlifts|airlifted|airlifting","give|gives|gave|giving","given","fund|funds|funded|funding","grant asylum|grants asylum|granted asylum|granting asylum","hand over|hands over|handed over|handing over"],
'RETREAT': ["release","free|frees|freed|freeing","withdraw|withdraws|withdrew|withdrawing","withdrawn","pull out|pulls out|pulled out|pulling out","pull back|pulls back|pulled back|pulling back","resign|resigns|resigned|resigning",
            "step down|steps down|stepped down|stepping down","back off|backs off|backed off|backing off","back out|backs out|backed out|backing out","return|returns|returned|returning","disarm","evacuate","surrender","demobilize","retreat|retreats|retreated|retreating","repatriate","cede|cedes|ceded|ceding"],
'RETREAT*': ["withdrawal","pullback","pullout","release of"],
'INVESTIGATE': ["investigate","probe","inspect|inspects|inspected|inspecting","examine","look into|looks into|looked into|looking into"],
'INVESTIGATE*': ["investigation","inquiry","hearing into","inspectors","fact-finding","fact-finding mission","monitor|monitors|monitored|monitoring"],
'DEMAND': ["demand|demands|demanded|demanding","call for|calls for|called for|calling for","call on|calls on|called on|calling on","urge","insist|insists|insisted|insisting","press for|presses for|pressed for|pressing for",
           "push for|pushes for|pushed for|pushing for","pressure|pressures|pressured|pressuring","order|orders|ordered|ordering","require","ask for|asks for|asked for|asking for"],
'DEMAND*': ["must","demand","demands","pushing hard for"],
'DISAPPROVE': ["criticize","criticise","condemn|condemns|condemned|condemning","denounce","accuse","blame","complain|complains|complained|complaining","deplore","slam|slams|slammed|slamming","sue|sues|sued|suing","decry|decries|decried|decrying",
               "rebuke","censure","lambaste","assail|assails|assailed|assailing","object to|objects to|objected to|objecting to","protest to|protests to|protested to|protesting to","attack verbally|attacks verbally|attacked verbally|attacking verbally","charge|charges|charged|charging","indict|indicts|indicted|indicting"],
'DISAPPROVE*': ["disapproval","lawsuit","criticism of","condemnation of","found guilty"],
'REJECT': ["reject|rejects|rejected|rejecting","refuse","decline","oppose","veto|vetoes|vetoed|vetoing","deny|denies|denied|denying","dismiss|dismisses|dismissed|dismissing","defy|defies|defied|defying","rule out|rules out|ruled out|ruling out",
           "resist|resists|resisted|resisting","fail to reach|fails to reach|failed to reach|failing to reach","turn down|turns down|turned down|turning down","spurn|spurns|spurned|spurning","snub|snubs|snubbed|snubbing"],
'REJECT*': ["refusal","rejection of","out of the question"],
'THREATEN': ["threaten|threatens|threatened|threatening","warn|warns|warned|warning","swear to|swears to|swore to|swearing to","sworn to","vow to fight|vows to fight|vowed to fight|vowing to fight","menace|menaces|menaced|menacing"],
'THREATEN*': ["ultimatum","threat to","threat of"],
'PROTEST': ["protest|protests|protested|protesting","demonstrate","rally|rallies|rallied|rallying","march|marches|marched|marching","riot|riots|rioted|rioting","boycott|boycotts|boycotted|boycotting","picket|pickets|picketed|picketing",
            "go on strike|goes on strike|went on strike|going on strike","strike|strikes|struck|striking","stop work|stops work|stopped work|stopping work","block roads|blocks roads|blocked roads|blocking roads",
            "block a road|blocks a road|blocked a road|blocking a road","block streets|blocks streets|blocked streets|blocking streets","block the|blocks the|blocked the|blocking the"],
'PROTEST*': ["hunger strike","sit-in","demonstration","demonstrations","rally","protest","strike"],
'SANCTION': ["sanction|sanctions|sanctioned|sanctioning","expel|expels|expelled|expelling","suspend|suspends|suspended|suspending","cut ties|cuts ties|cut ties|cutting ties","sever|severs|severed|severing","recall|recalls|recalled|recalling",
             "break off|breaks off|broke off|breaking off","halt|halts|halted|halting","cancel|cancels|cancelled|cancelling","canceled","embargo|embargoes|embargoed|embargoing","prohibit|prohibits|prohibited|prohibiting",
             "freeze|freezes|froze|freezing","frozen","downgrade","reduce|reduces|reduced|reducing","cut aid|cuts aid|cut aid|cutting aid","curtail|curtails|curtailed|curtailing","force out|forces out|forced out|forcing out",
             "recalled its ambassador","recalled their ambassador","recalled the ambassador","ship out|ships out|shipped out|shipping out","walk out|walks out|walked out|walking out","impose sanctions|imposes sanctions|imposed sanctions|imposing sanctions"],
'SANCTION*': ["suspension of","embargo","sanctions against","sanctions on"],
'MOBILIZE': ["deploy|deploys|deployed|deploying","mobilize","mobilise","mass|masses|massed|massing","station|stations|stationed|stationing","reinforce","put on alert|puts on alert|put on alert|putting on alert","dispatch troops|dispatches troops|dispatched troops|dispatching troops","send troops|sends troops|sent troops|sending troops"],
'MOBILIZE*': ["on alert","on high alert","patrols","buildup","build-up","military exercises near"],
'COERCE': ["arrest|arrests|arrested|arresting","detain|detains|detained|detaining","jail|jails|jailed|jailing","imprison|imprisons|imprisoned|imprisoning","seize","confiscate","blockade","reimpose","deport|deports|deported|deporting",
           "raid|raids|raided|raiding","ban|bans|banned|banning","demolish|demolishes|demolished|demolishing","destroy|destroys|destroyed|destroying","blow up|blows up|blew up|blowing up","censor|censors|censored|censoring",
           "disperse","crack down|cracks down|cracked down|cracking down","prevent|prevents|prevented|preventing","deface","impose curfew|imposes curfew|imposed curfew|imposing curfew","impose a curfew|imposes a curfew|imposed a curfew|imposing a curfew",
           "institute a curfew|institutes a curfew|instituted a curfew|instituting a curfew","confine|confines|confined|confining","evict","bulldoze"],
'COERCE*': ["arrest of","arrests of","curfew","crackdown","martial law","state of emergency","human shields","blockades"],
'ASSAULT': ["attack|attacks|attacked|attacking","bomb|bombs|bombed|bombing","kill|kills|killed|killing","shoot|shoots|shot|shooting","assassinate","kidnap|kidnaps|kidnapped|kidnapping","abduct|abducts|abducted|abducting","massacre",
            "torture","abuse","sexually abuse|sexually abuses|sexually abused|sexually abusing","rape","beat|beats|beat|beating","beaten","execute","behead","hijack|hijacks|hijacked|hijacking","ambush|ambushes|ambushed|ambushing","wound|wounds|wounded|wounding","murder|murders|murdered|murdering","stab|stabs|stabbed|stabbing"],
'ASSAULT*': ["attack","attacks","suicide bombing","car bomb","assassination","massacre","torture","bombing","attack on","attacks on"],
'FIGHT': ["fight|fights|fought|fighting","clash|clashes|clashed|clashing","shell|shells|shelled|shelling","capture","occupy|occupies|occupied|occupying","invade","bombard","retake|retakes|retook|retaking","retaken","overrun|overruns|overran|overrunning",
          "violate","mount an offensive|mounts an offensive|mounted an offensive|mounting an offensive","launch an offensive|launches an offensive|launched an offensive|launching an offensive","exchange fire|exchanges fire|exchanged fire|exchanging fire","open fire|opens fire|opened fire|opening fire","storm|storms|stormed|storming"],
'FIGHT*': ["airstrikes","air strikes","airstrike","air strike","invasion","offensive","fighting","battle","clashes","artillery"],
'CONCEDE': ["accept","concede","ease","lift|lifts|lifted|lifting","allow|allows|allowed|allowing","relax|relaxes|relaxed|relaxing","call off|calls off|called off|calling off","yield|yields|yielded|yielding","give in|gives in|gave in|giving in","back down|backs down|backed down|backing down"],
'CONCEDE*': ["ceasefire","cease-fire","truce"],
}
# forms left out: nouns far more often than verbs in news, or verbs whose everyday sense is not
# the event ("recalled" a memory, "gave" a speech, "reduce" tensions, "demonstrated" that)
DROP=set('''fund funds shell shells mass masses station stations wound wounds struck striking strikes storm storms abuse abuses rape phone phones recall recalls recalled recalling freeze freezes frozen freezing reinforce reinforces reinforced reinforcing yield yields insist insists insisted insisting decline declining pressure require requires required requiring  block~the blocks~the blocked~the blocking~the prevent prevents prevented preventing confine confines confined confining receive receives received receiving give gives gave giving given reduce reduces reduced reducing'''.split())
DROP={d.replace('~',' ') for d in DROP}
out=["# Event triggers (PLOVER types). Lower-case word forms, one phrase a line: phrase<TAB>TYPE, and",
"# <TAB>verb where the phrase triggers only as a verb (its first word tagged VB*: \"rallies\" the verb,",
"# not the noun). Generated by scripts/build_event_triggers.py: edit the families there.",
"# Written for whosaid (MIT) from the PLOVER definitions (plover_reference.html, CC BY-SA 4.0)",
"# and the CAMEO verb categories; a phrase may hold several words (\"called for\"). Each verb is",
"# listed in all its forms; nouns and fixed phrases follow the verbs of their type. A trigger's",
"# type may still change in context (src/events/mod.rs): negated cooperation is a REJECT,",
"# a hostile act in the future a THREATEN, a killing by armed forces a FIGHT."]
seen={}
order=[]
for k,vs in FAM.items():
    t=k.rstrip('*')
    for v in vs:
        fs = [v] if k.endswith('*') else forms(v)
        for f in fs:
            f=f.strip()
            if f in DROP: continue
            noun = k.endswith("*")
            if f in seen:
                if seen[f][0]!=t: print("dup",f,seen[f][0],t)
                # a phrase listed as a noun too triggers in either use
                seen[f] = (seen[f][0], seen[f][1] and not noun)
                continue
            seen[f]=(t, not noun); order.append(f)
for f in order:
    t, verb = seen[f]
    out.append(f"{f}\t{t}" + ("\tverb" if verb else ""))
open('crates/analysis/data/event_triggers.tsv','w').write('\n'.join(out)+'\n')
print(len(seen))
