//! The deterministic local understanding: intents from the question's wording, slots from
//! [`mentions`](super::mentions), and follow-ups that carry the previous turn's intent and
//! slots forward, replaced where the new message says otherwise.

use std::sync::LazyLock;

use async_trait::async_trait;
use regex::Regex;

use super::mentions;
use super::{Error, Intent, Request, Slots, Understanding, Understood};

/// Rules over the reference data and the graph's vocabulary.
#[derive(Clone, Copy, Debug, Default)]
pub struct LocalUnderstanding;

#[async_trait]
impl Understanding for LocalUnderstanding {
    async fn understand(&self, request: &Request) -> Result<Understood, Error> {
        Ok(understand(request))
    }
}

fn pattern(text: &str) -> Regex {
    Regex::new(text).expect("intent pattern")
}

static AWARD: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\baward|\breward\b|\bredeem|\bredemption|\bbook\s+(?:it\s+)?with\s+(?:my\s+)?\w+|\bdo\s+i\s+need\b|\bi\s+need\s+for\b|\bneed\s+for\s+a|\bcost\s+in\s+\w+|\bhow\s+much\s+is\s+a|\bfree\s+(?:flight|ticket)|\b(?:use|spend)\s+(?:my\s+|\w+\s+){0,4}?(?:miles|points|avios|credits)\s+(?:for|on|to\s+book)\b",
    )
});
static EARNING_WORDS: LazyLock<Regex> =
    // "credits" and "points" are what programs pay in, not earning.
    LazyLock::new(|| {
        pattern(r"(?i)\bearn|\baccru|\bcredit(?:ed|ing)?\b|\bcollect|\bget\b|\bgives?\b|\bmake\b")
    });
static AWARD_WORD: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)\baward|\breward\b|\bredeem|\bredemption"));
static QUALIFYING: LazyLock<Regex> = LazyLock::new(|| pattern(r"(?i)\bqualif"));
static EXPIRY: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\bexpir|\blose\s+(?:my\s+)?\w+|\bvalid\b|\bvalidity\b|\binactiv|\bforfeit|\bhow\s+long\b",
    )
});
static ALLIANCE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:which|what)\s+(?:airline\s+)?alliance\b|\balliance\s+(?:is|does)\b|\bmember\s+of\s+(?:which|what|an?)\b|\bbelong\s+to\s+(?:which|what|an?)\b|\bin\s+(?:an?|which|what)\s+alliance\b|\balliance\s+member",
    )
});
static STATUS: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\btiers?\b|\blevels?\b|\bstatus\b|\belite\b|\bqualif|\bPQP\b|\bSQM\b|\bMQM\b|\bPQF\b",
    )
});
static BEST: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\bwhich\s+program\s+should\b|\bbest\s+program|\bwhere\s+should\s+i\s+credit|\bshould\s+i\s+credit|\bbest\s+to\s+credit|\bbetter\s+to\s+credit|\bmost\s+(?:miles|points)|\bearn\s+the\s+most|\bbest\s+(?:option|choice)|\brank",
    )
});
static PROGRAMS_LIST: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:which|what)\s+(?:loyalty\s+|frequent[\s-]flyer\s+|mileage\s+)?(?:program(?:me)?s?|schemes?)\b|\bwhere\s+can\s+i\s+(?:credit|earn|collect)|\bprograms?\s+(?:can|could)\s+i\s+credit|\bcan\s+i\s+(?:credit|earn|collect)\b|\bpartners?\s+(?:of|programs?)|\bprograms?\s+(?:earn|that\s+earn|partner)",
    )
});
static COMPARE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\bmore\b|\bless\b|\bfewer\b|\bdifference\b|\bcompare|\bversus\b|\bvs\.?|\bthan\b|\binstead\b|\bdiffer",
    )
});
static EARN: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?i)\bearn|\baccru|\bcredit|\bhow\s+many\b|\bget\b|\bcollect"));
static PROFILE: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\bmy\s+profile\b|\bmy\s+(?:programs|memberships|home\s+airport)\b|\bam\s+i\s+(?:a\s+)?member|\bwhat\s+programs\s+am\s+i\b",
    )
});
static RULES: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\brules?\b|\bpolicy\b|\bcan\s+i\b|\bhow\s+do\s+i\b|\bis\s+there\b|\ballowed\b|\btransfer|\bpool|\bfamily|\bupgrade|\bfees?\b|\bsurcharge",
    )
});
static FOLLOW_UP: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)^\s*(?:and|what\s+about|how\s+about|what\s+if|same|instead|then|ok(?:ay)?,?|also)\b|^\s*(?:in|on|for|to|from|with|via)\b",
    )
});

/// The message without the names of programs that hold an award word ("PIA Awards+",
/// "Avianca LifeMiles Rewards"): a program's name asks for no award.
fn without_award_names(text: &str, vocabulary: &super::Vocabulary) -> String {
    let mut text = text.to_owned();
    let mut names: Vec<&String> = vocabulary
        .programs
        .iter()
        .flat_map(|program| std::iter::once(&program.name).chain(&program.aliases))
        .filter(|name| AWARD_WORD.is_match(name))
        .collect();
    names.sort_by_key(|name| std::cmp::Reverse(name.len()));
    for name in names {
        let Ok(pattern) = Regex::new(&format!(r"(?i){}", regex::escape(name))) else {
            continue;
        };
        text = pattern.replace_all(&text, "the program").into_owned();
    }
    text
}

/// The intent the words of the message ask for, before context.
fn intent_of(text: &str, slots: &Slots) -> Intent {
    // "Miles+Bonus award miles": what a program pays in is no award asked for.
    static CURRENCY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:award|reward)\s+(miles|points|credits)\b").expect("currency pattern")
    });
    let text = CURRENCY.replace_all(text, "$1");
    let text = text.as_ref();
    let has_route = slots.places.len() >= 2 || !slots.unknown_airports.is_empty();
    let about_status =
        slots.tier.is_some() || slots.alliance_status.is_some() || QUALIFYING.is_match(text);
    let no_trip = !has_route && slots.cabin.is_none() && slots.fare_class.is_none();
    if STATUS.is_match(text) && about_status && !AWARD_WORD.is_match(text)
        || (slots.tier.is_some() || slots.alliance_status.is_some()) && no_trip
    {
        Intent::Status
    } else if AWARD.is_match(text) {
        Intent::AwardCost
    } else if EXPIRY.is_match(text) {
        Intent::Expiry
    } else if ALLIANCE.is_match(text) && !STATUS.is_match(text) {
        Intent::AllianceOf
    } else if PROFILE.is_match(text) {
        Intent::Profile
    } else if (STATUS.is_match(text) || slots.tier.is_some())
        && !has_route
        && slots.fare_class.is_none()
    {
        Intent::Status
    } else if slots.compared_fare_class.is_some() && slots.airline.is_some() && has_route {
        // "How many more in J than in Y?": one flight, two booking classes.
        Intent::CompareEarn
    } else if BEST.is_match(text) && slots.airline.is_some() {
        Intent::BestProgram
    } else if PROGRAMS_LIST.is_match(text) && slots.airline.is_some() && !has_route {
        Intent::ProgramsForAirline
    } else if slots.programs.len() >= 2 && COMPARE.is_match(text) && slots.airline.is_some() {
        Intent::CompareEarn
    } else if has_route
        && slots.airline.is_none()
        && slots.fare_class.is_none()
        && (!EARNING_WORDS.is_match(text) || slots.round_trip == Some(true))
    {
        // "How many United miles to fly business from the US to Japan?": no airline, no
        // fare class, nothing earned: a price in miles.
        Intent::AwardCost
    } else if has_route || slots.fare_class.is_some() && slots.airline.is_some() {
        if slots.programs.is_empty() && slots.unknown_program.is_none() && BEST.is_match(text) {
            Intent::BestProgram
        } else {
            Intent::Earn
        }
    } else if EARN.is_match(text) && slots.airline.is_some() {
        Intent::Earn
    } else if RULES.is_match(text) && !slots.programs.is_empty() {
        Intent::Rules
    } else {
        Intent::Unknown
    }
}

/// Fills what the new slots lack from the earlier ones.
fn merge(earlier: &Slots, new: Slots) -> Slots {
    let mut merged = earlier.clone();
    if !new.programs.is_empty() {
        merged.programs = new.programs;
        merged.unknown_program = None;
    }
    if new.unknown_program.is_some() {
        merged.unknown_program = new.unknown_program;
        merged.programs.clear();
    }
    if new.airline.is_some() {
        merged.airline = new.airline;
    }
    // A new cabin without a fare class makes the earlier fare class moot.
    if new.cabin.is_some() && new.fare_class.is_none() && new.cabin != earlier.cabin {
        merged.fare_class = None;
    }
    if new.cabin.is_some() {
        merged.cabin = new.cabin;
    }
    if new.fare_class.is_some() {
        merged.fare_class = new.fare_class;
        merged.compared_fare_class = new.compared_fare_class;
    }
    if !new.places.is_empty() || !new.unknown_airports.is_empty() {
        merged.places = if new.places.len() == 1
            && earlier.places.len() >= 2
            && new.unknown_airports.is_empty()
        {
            // "and to MUC?": the same origin, a new destination.
            vec![earlier.places[0].clone(), new.places[0].clone()]
        } else {
            new.places
        };
        merged.unknown_airports = new.unknown_airports;
    }
    if new.round_trip.is_some() {
        merged.round_trip = new.round_trip;
    }
    if new.tier.is_some() || new.alliance_status.is_some() {
        merged.tier = new.tier;
        merged.alliance_status = new.alliance_status;
    }
    merged
}

/// Understands a message.
pub fn understand(request: &Request) -> Understood {
    let mut understood = understand_turn(request);
    // "VIPorter points for PorterClassic class L from YTZ to YUL": a flight credited to
    // the one program named, its airline named nowhere in the conversation, is on that
    // program's own airline.
    let slots = &mut understood.slots;
    if understood.intent == Intent::Earn
        && slots.airline.is_none()
        && slots.fare_class.is_some()
        && let [program] = slots.programs.as_slice()
        && let Some(operator) = request
            .vocabulary
            .program(program)
            .and_then(|program| program.operator.clone())
    {
        slots.airline = Some(operator);
    }
    understood
}

/// Understands a message, with what the conversation said before it.
fn understand_turn(request: &Request) -> Understood {
    let mut slots = mentions::find(&request.text, &request.vocabulary);
    let intent = intent_of(
        &without_award_names(&request.text, &request.vocabulary),
        &slots,
    );
    // "a Delta award", "Delta's top tier": a question about a program's own chart or
    // tiers that names only its airline asks about the program that airline runs.
    if matches!(intent, Intent::AwardCost | Intent::Status | Intent::Expiry)
        && slots.programs.is_empty()
        && slots.unknown_program.is_none()
        && let Some(id) = slots
            .airline
            .as_deref()
            .and_then(|airline| mentions::program_run_by(airline, &request.vocabulary))
    {
        slots.programs.push(id);
    }
    let previous = request
        .history
        .iter()
        .rev()
        .find(|turn| turn.understood.intent != Intent::Unknown);
    let Some(previous) = previous else {
        return Understood {
            intent,
            slots,
            follow_up: false,
        };
    };
    let marked = FOLLOW_UP.is_match(&request.text);
    let same_kind = intent == previous.understood.intent;
    if intent == Intent::Unknown || marked && (same_kind || slots_only(&slots)) {
        let intent = if intent == Intent::Unknown || slots_only(&slots) {
            previous.understood.intent
        } else {
            intent
        };
        return Understood {
            intent,
            slots: merge(&previous.understood.slots, slots),
            follow_up: true,
        };
    }
    Understood {
        intent,
        slots,
        follow_up: false,
    }
}

/// Whether the message changes parameters without asking anything new ("and in
/// business?", "what about Aeroplan?").
fn slots_only(slots: &Slots) -> bool {
    slots.tier.is_none() && slots.alliance_status.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Cabin;
    use crate::understanding::{PriorTurn, ProgramWords, Vocabulary};

    fn request(text: &str, history: &[(&str, Understood)]) -> Request {
        let program = |id: &str, name: &str, aliases: &[&str], tiers: &[&str]| ProgramWords {
            id: id.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            tiers: tiers.iter().map(|t| t.to_string()).collect(),
            places: vec!["North America".into(), "Atlantic".into(), "Europe".into()],
            ..ProgramWords::default()
        };
        Request {
            text: text.into(),
            history: history
                .iter()
                .map(|(text, understood)| PriorTurn {
                    text: text.to_string(),
                    understood: understood.clone(),
                })
                .collect(),
            vocabulary: Vocabulary {
                programs: vec![
                    program(
                        "united_mileageplus",
                        "United MileagePlus",
                        &["MileagePlus", "United"],
                        &["Premier Gold"],
                    ),
                    program("aeroplan", "Aeroplan", &[], &["35K"]),
                    program("turkish_milesandsmiles", "Miles&Smiles", &[], &[]),
                ],
                airlines: Vec::new(),
                airport_names: Vec::new(),
            },
            ..Request::default()
        }
    }

    #[test]
    fn a_flight_credited_to_a_program_with_no_airline_named_is_on_its_own_airline() {
        let mut with_operator =
            request("How many Aeroplan points for class K from YYZ to YUL?", &[]);
        with_operator.vocabulary.programs[1].operator = Some("AC".into());
        let understood = understand(&with_operator);
        assert_eq!(understood.intent, Intent::Earn);
        assert_eq!(understood.slots.airline.as_deref(), Some("AC"));
        // A program whose operator the documents do not give still asks.
        let understood = understand(&request(
            "How many Aeroplan points for class K from YYZ to YUL?",
            &[],
        ));
        assert_eq!(understood.slots.airline, None);
    }

    fn check(text: &str, intent: Intent) -> Understood {
        let understood = understand(&request(text, &[]));
        assert_eq!(understood.intent, intent, "{text}");
        understood
    }

    #[test]
    fn intents_follow_the_wording() {
        check(
            "How many United MileagePlus miles for Lufthansa fare class V from FRA to MUC?",
            Intent::Earn,
        );
        check(
            "Turkish Airlines fare class K from IST to ORD, credited to United MileagePlus: how many miles?",
            Intent::Earn,
        );
        check(
            "How many Aeroplan points do I need for a one-way economy award from Toronto (YYZ) to Tokyo Narita (NRT)?",
            Intent::AwardCost,
        );
        check(
            "Which programs can I credit Turkish Airlines flights to?",
            Intent::ProgramsForAirline,
        );
        check("Do my Aeroplan points expire?", Intent::Expiry);
        check(
            "What is the lowest United MileagePlus Premier tier that gives Star Alliance Gold, and how many PQP does it need?",
            Intent::Status,
        );
        check("Which alliance is Turkish Airlines in?", Intent::AllianceOf);
        check(
            "How many Status Qualifying Miles do I need for Aeroplan 35K status, and what Star Alliance status does it give?",
            Intent::Status,
        );
        check(
            "Which program should I credit a Lufthansa flight in P from FRA to JFK to?",
            Intent::BestProgram,
        );
        check(
            "How many more miles do I earn on Lufthansa P from FRA to JFK with MileagePlus than with Aeroplan?",
            Intent::CompareEarn,
        );
        check(
            "Can I use my Aeroplan points for Lufthansa business from FRA to JFK? How many is it?",
            Intent::AwardCost,
        );
        check(
            "If I fly Lufthansa from FRA to MUC in K class, how many Aeroplan award miles will I get?",
            Intent::Earn,
        );
        check("Do Aeroplan award miles expire?", Intent::Expiry);
        check("Hello there", Intent::Unknown);
        check(
            "How many Avios do I need for a business award from London to New York on Executive Club?",
            Intent::AwardCost,
        );
        check("How long are MileagePlus miles valid?", Intent::Expiry);
        check("How long do Aeroplan points last?", Intent::Expiry);
        check("Is Turkish Airlines in an alliance?", Intent::AllianceOf);
        check(
            "How many United miles to fly business from the US to Japan one way?",
            Intent::AwardCost,
        );
        check(
            "How many miles do I earn from FRA to JFK in P with MileagePlus?",
            Intent::Earn,
        );
        check("What does it take to reach Premier Gold?", Intent::Status);
        check(
            "Can I earn miles on SWISS flights?",
            Intent::ProgramsForAirline,
        );
        check(
            "How many more miles would I earn on Lufthansa P from FRA to JFK with MileagePlus instead of Aeroplan?",
            Intent::CompareEarn,
        );
    }

    #[test]
    fn follow_ups_reuse_the_earlier_slots() {
        let first = check(
            "How many Aeroplan points for an economy award from YYZ to NRT?",
            Intent::AwardCost,
        );
        let next = understand(&request("and in business?", &[("…", first.clone())]));
        assert!(next.follow_up);
        assert_eq!(next.intent, Intent::AwardCost);
        assert_eq!(next.slots.cabin, Some(Cabin::Business));
        assert_eq!(next.slots.places, first.slots.places);
        let earn = check(
            "How many MileagePlus miles for Lufthansa fare class V from FRA to MUC?",
            Intent::Earn,
        );
        let next = understand(&request("What about fare class P?", &[("…", earn.clone())]));
        assert_eq!(
            (next.intent, next.slots.fare_class.as_deref()),
            (Intent::Earn, Some("P"))
        );
        let next = understand(&request("and to JFK?", &[("…", earn.clone())]));
        assert_eq!(next.slots.places.len(), 2);
        assert_eq!(next.slots.places[1].as_award_end(), "JFK");
        // A new question is not a follow-up.
        let next = understand(&request(
            "Do United MileagePlus miles expire?",
            &[("…", earn)],
        ));
        assert!(!next.follow_up);
        assert_eq!(next.intent, Intent::Expiry);
    }
}
