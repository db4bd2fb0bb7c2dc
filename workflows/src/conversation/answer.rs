//! The reply, composed from the tool results with templates: every number comes from a
//! tool's output and is written in digits, and the facts' sources are cited. Document
//! passages appear only as quoted excerpts for general rules questions.

use activities::conversations::ToolCall;
use activities::reference;
use activities::tools::award_cost::Output as Award;
use activities::tools::best_program::Output as Ranking;
use activities::tools::flight_earnings::Output as Earnings;
use activities::tools::profile;
use activities::tools::program_rules::{Output as Rules, Tier, Topic};
use activities::tools::programs_for_airline::Output as Partners;
use activities::tools::{
    Citation, Error, add_citations, award_cost, best_program, flight_earnings, program_rules,
    programs_for_airline,
};
use activities::understanding::{Intent, Place, Understood, main_airport};
use serde::de::DeserializeOwned;

use super::plan::unknown_airports;

/// Longest excerpt of a passage quoted in a reply.
const MAX_EXCERPT: usize = 300;

/// `4806` → `4,806`.
pub fn digits(value: u64) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len() + text.len() / 3);
    for (at, c) in text.chars().enumerate() {
        if at > 0 && (text.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn percent(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}%")
    } else {
        format!("{value}%")
    }
}

fn join(items: &[String]) -> String {
    join_with(items, "and")
}

/// `["SAW"]` → `SAW`, `["LGW", "STN"]` → `LGW or STN`.
fn join_or(items: &[String]) -> String {
    join_with(items, "or")
}

/// `["a", "b", "c"]` → `a, b <word> c`.
fn join_with(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    }
}

/// "Source: chart.md, page 2, section "Awards"."
fn sources(citations: &[Citation]) -> String {
    let cited: Vec<String> = citations
        .iter()
        .map(|citation| {
            let mut text = citation.document.clone();
            if citation.page > 0 {
                text.push_str(&format!(", page {}", citation.page));
            }
            if !citation.section.is_empty() {
                text.push_str(&format!(", section \"{}\"", citation.section));
            }
            text
        })
        .collect();
    match cited.len() {
        0 => String::new(),
        1 => format!(" Source: {}.", cited[0]),
        _ => format!(" Sources: {}.", cited.join("; ")),
    }
}

/// What a tool call gave: its output, or the error it reported.
fn result<T: DeserializeOwned>(call: &ToolCall) -> Result<T, Error> {
    if let Some(error) = Error::from_output(&call.output) {
        return Err(error);
    }
    serde_json::from_value(call.output.clone()).map_err(|error| Error::Invalid(error.to_string()))
}

/// The reply to a tool's error: a question back, never a guess.
fn error_reply(error: &Error) -> String {
    match error {
        Error::UnknownAirports(codes) => unknown_airports(codes),
        Error::UnknownProgram(name) => format!(
            "I have no documents about the program {name}, so I can't answer for it. Which \
             program do you mean?"
        ),
        Error::UnknownAirline(name) => {
            format!("I don't know the airline {name}. Which airline operates the flight?")
        }
        Error::NotInChart(message) => format!(
            "{}. Which fare class (booking class letter) is your ticket in?",
            capitalise(message)
        ),
        Error::UnknownPlace(message) | Error::Invalid(message) => capitalise(message),
        Error::Unavailable(_) => "I can't reach the knowledge graph right now; please ask again \
                                  in a moment."
            .into(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// The reply and its citations.
pub fn compose(understood: &Understood, calls: &[ToolCall]) -> (String, Vec<Citation>) {
    let priced = priced_cabins(calls);
    let calls = priced.as_slice();
    let mut citations = Vec::new();
    let mut parts = Vec::new();
    let mut failures: Vec<Error> = Vec::new();
    for call in calls {
        let part = match call.tool.as_str() {
            flight_earnings::NAME => result::<Earnings>(call).map(|out| {
                add_citations(&mut citations, out.citations.clone());
                earnings(&out)
            }),
            best_program::NAME => result::<Ranking>(call).map(|out| {
                add_citations(&mut citations, out.citations.clone());
                ranking(&out)
            }),
            award_cost::NAME => result::<Award>(call).map(|out| {
                add_citations(&mut citations, out.citations.clone());
                award(&out)
            }),
            programs_for_airline::NAME => result::<Partners>(call).map(|out| {
                add_citations(&mut citations, out.citations.clone());
                partners(&out, understood.intent)
            }),
            program_rules::NAME => result::<Rules>(call).map(|out| {
                add_citations(&mut citations, out.citations.clone());
                if out.topic == Topic::General {
                    add_citations(&mut citations, out.passages.clone());
                }
                rules(&out)
            }),
            profile::NAME => {
                result::<activities::profiles::Profile>(call).map(|out| profile_reply(&out))
            }
            other => Ok(format!("(no template for tool {other})")),
        };
        match part {
            Ok(text) => parts.push(text),
            Err(error) => failures.push(error),
        }
    }
    // Every call failed: say why. Some failed (one of two programs has no chart for the
    // airline): answer with the others and say what the failed ones lack.
    if parts.is_empty() && !failures.is_empty() {
        return (error_reply(&failures[0]), Vec::new());
    }
    let mut comparisons = Vec::new();
    for pair in calls.chunks_exact(2) {
        if understood.intent != Intent::CompareEarn {
            break;
        }
        let (Ok(a), Ok(b)) = (result::<Earnings>(&pair[0]), result::<Earnings>(&pair[1])) else {
            continue;
        };
        let (more, less) = if a.total_miles >= b.total_miles {
            (&a, &b)
        } else {
            (&b, &a)
        };
        if more.total_miles == less.total_miles {
            comparisons.push(format!(
                "Both earn the same, {}: a difference of 0.",
                digits(more.total_miles)
            ));
        } else if more.program.id == less.program.id {
            comparisons.push(format!(
                "Fare class {} earns {} {} more than fare class {}.",
                more.fare_class,
                digits(more.total_miles - less.total_miles),
                more.program.currency,
                less.fare_class
            ));
        } else {
            comparisons.push(format!(
                "Crediting to {} earns {} more than crediting to {}.",
                more.program.name,
                digits(more.total_miles - less.total_miles),
                less.program.name
            ));
        }
    }
    parts.extend(comparisons);
    if calls.iter().any(|call| {
        matches!(
            call.tool.as_str(),
            flight_earnings::NAME | best_program::NAME
        )
    }) {
        parts.extend(assumed_airports(understood));
    }
    for failure in &failures {
        let note = match failure {
            // Beside an answer, what a chart lacks is a note, not a question.
            Error::NotInChart(message) => format!("{}.", capitalise(message)),
            other => error_reply(other),
        };
        if !parts.contains(&note) {
            parts.push(note);
        }
    }
    let mut reply = parts.join(" ");
    let cited = sources(&citations);
    // An award that is not available must carry no price-like number, not even in a
    // section heading.
    let unavailable = reply.contains("not available");
    if !(unavailable && cited.chars().filter(char::is_ascii_digit).count() >= 3) {
        reply.push_str(&cited);
    }
    (reply, citations)
}

/// An award priced in every cabin (the question named none): per program, the cabins the
/// chart prices, or the first cabin's "not available" when it prices none.
fn priced_cabins(calls: &[ToolCall]) -> Vec<ToolCall> {
    let award_of = |call: &ToolCall| {
        (call.tool == award_cost::NAME)
            .then(|| result::<Award>(call).ok())
            .flatten()
    };
    let mut kept: Vec<ToolCall> = Vec::new();
    for (index, call) in calls.iter().enumerate() {
        let Some(award) = award_of(call) else {
            kept.push(call.clone());
            continue;
        };
        let same_program: Vec<Award> = calls
            .iter()
            .filter_map(award_of)
            .filter(|other| other.program.id == award.program.id)
            .collect();
        let first_of_program = calls[..index]
            .iter()
            .filter_map(award_of)
            .all(|other| other.program.id != award.program.id);
        let any_available = same_program.iter().any(|other| other.available);
        if award.available || (!any_available && first_of_program) {
            kept.push(call.clone());
        }
    }
    kept
}

/// "Istanbul has more than one airport: …": a city of several airports that the plan read
/// as its main one, said as an assumption the traveller can correct.
fn assumed_airports(understood: &Understood) -> Vec<String> {
    understood
        .slots
        .places
        .iter()
        .filter_map(|place| match place {
            Place::City { name, airports } if airports.len() > 1 => {
                let main = main_airport(airports)?;
                let named = reference::airport(main)
                    .map(|airport| format!("{} ({main})", airport.name))
                    .unwrap_or_else(|| main.to_owned());
                let others: Vec<String> = airports
                    .iter()
                    .filter(|code| code.as_str() != main)
                    .cloned()
                    .collect();
                Some(format!(
                    "{name} has more than one airport: this assumes {named}; for {}, ask again \
                     with that code.",
                    join_or(&others)
                ))
            }
            _ => None,
        })
        .collect()
}

fn route(out: &Earnings) -> String {
    let stops: Vec<&str> = std::iter::once(out.segments[0].from.as_str())
        .chain(out.segments.iter().map(|leg| leg.to.as_str()))
        .collect();
    stops.join("-")
}

fn earnings(out: &Earnings) -> String {
    let currency = &out.program.currency;
    let flight = format!(
        "{} fare class {} ({}) {}",
        out.airline_name,
        out.fare_class,
        out.cabin.label(),
        route(out)
    );
    if !out.eligible {
        return format!(
            "Fare class {} on {} is not eligible for {} earning, so {flight} earns 0 {currency}.",
            out.fare_class, out.airline_name, out.program.name
        );
    }
    let leg_text = |leg: &activities::tools::flight_earnings::LegEarning| {
        let earned = if leg.minimum_applied {
            format!("less than the minimum, so {} {currency}", digits(leg.miles))
        } else {
            format!("{} {currency}", digits(leg.miles))
        };
        format!(
            "{}-{} is {} miles x {} = {earned}",
            leg.from,
            leg.to,
            digits(leg.distance_miles),
            percent(out.percent),
        )
    };
    let legs: Vec<String> = out.segments.iter().map(leg_text).collect();
    let mut text = format!(
        "You earn {} {} {currency} for {flight}: {}.",
        digits(out.total_miles),
        out.program.name,
        join(&legs)
    );
    if out.segments.len() > 1 {
        text.push_str(&format!(" Total: {} {currency}.", digits(out.total_miles)));
    }
    for note in &out.notes {
        text.push_str(&format!(" Note: {}.", note));
    }
    text
}

fn ranking(out: &Ranking) -> String {
    if out.ranking.is_empty() {
        return format!(
            "None of the programs I know lists fare class {} on {} in its earning chart.",
            out.fare_class, out.airline_name
        );
    }
    let lines: Vec<String> = out
        .ranking
        .iter()
        .map(|choice| {
            let member = if choice.member {
                " (you are a member)"
            } else {
                ""
            };
            if choice.eligible {
                format!(
                    "{}{member}: {} {} ({} of the distance)",
                    choice.program.name,
                    digits(choice.miles),
                    choice.program.currency,
                    percent(choice.percent)
                )
            } else {
                format!("{}{member}: 0 (not eligible)", choice.program.name)
            }
        })
        .collect();
    let best = &out.ranking[0];
    // "Should I credit it to X or to Y, and how many more?": the lead over the next.
    let lead = match out.ranking.get(1) {
        Some(next) if best.miles > next.miles => format!(
            " That is {} more than {}.",
            digits(best.miles - next.miles),
            next.program.name
        ),
        _ => String::new(),
    };
    format!(
        "For {} fare class {} ({} miles flown), credit it to {}: it earns the most, {} {}. \
         All programs: {}.{lead}",
        out.airline_name,
        out.fare_class,
        digits(out.distance_miles),
        best.program.name,
        digits(best.miles),
        best.program.currency,
        lines.join("; ")
    )
}

fn place(place: &activities::tools::award_cost::Place) -> String {
    if place.place.eq_ignore_ascii_case(&place.zone) {
        place.zone.clone()
    } else {
        format!("{} (zone {})", place.place, place.zone)
    }
}

fn award(out: &Award) -> String {
    let trip = if out.round_trip {
        "round-trip"
    } else {
        "one-way"
    };
    let between = format!("from {} to {}", place(&out.from), place(&out.to));
    match (out.miles, out.miles_one_way) {
        (Some(miles), Some(one_way)) if out.round_trip => format!(
            "A round-trip {} award {between} costs {} {} {} per passenger (2 x {} one way).",
            out.cabin.label(),
            digits(miles),
            out.program.name,
            out.program.currency,
            digits(one_way)
        ),
        (Some(miles), _) => format!(
            "A one-way {} award {between} costs {} {} {} per passenger.",
            out.cabin.label(),
            digits(miles),
            out.program.name,
            out.program.currency
        ),
        _ => format!(
            "A {trip} {} award {between} is not available: {}'s award chart has no {} price \
             between zones {} and {}.",
            out.cabin.label(),
            out.program.name,
            out.cabin.label(),
            out.from.zone,
            out.to.zone
        ),
    }
}

fn partners(out: &Partners, intent: Intent) -> String {
    let mut text = String::new();
    if let Some(alliance) = &out.alliance {
        text.push_str(&format!("{} is a member of {alliance}. ", out.airline_name));
    } else if intent == Intent::AllianceOf {
        text.push_str(&format!(
            "The documents name no alliance for {}. ",
            out.airline_name
        ));
    }
    let names: Vec<String> = out
        .programs
        .iter()
        .map(|partner| {
            if partner.member {
                format!("{} (you are a member)", partner.program.name)
            } else {
                partner.program.name.clone()
            }
        })
        .collect();
    if names.is_empty() {
        text.push_str(&format!(
            "No program in my documents earns on {} flights.",
            out.airline_name
        ));
    } else {
        text.push_str(&format!(
            "You can credit {} ({}) flights to {}: {}.",
            out.airline_name,
            out.airline,
            if names.len() == 1 {
                "1 program".to_owned()
            } else {
                format!("{} programs", names.len())
            },
            join(&names)
        ));
    }
    text
}

fn tier_text(tier: &Tier) -> String {
    let alliance = tier
        .alliance_status
        .as_ref()
        .map(|status| format!(" and gives {status}"))
        .unwrap_or_default();
    // Units are acronyms ("PQP", "SQM") unless they are words ("status miles").
    let unit = if tier.threshold_unit.len() <= 4 && !tier.threshold_unit.contains(' ') {
        tier.threshold_unit.to_uppercase()
    } else {
        tier.threshold_unit.clone()
    };
    format!(
        "{} needs {} {unit}{alliance}",
        tier.name,
        digits(tier.threshold)
    )
}

fn rules(out: &Rules) -> String {
    let program = &out.program;
    match out.topic {
        Topic::Expiry => match &out.expiry {
            Some(expiry) if !expiry.expires => {
                format!("{} {} do not expire.", program.name, program.currency)
            }
            Some(expiry) => {
                let mut when = Vec::new();
                if let Some(months) = expiry.inactivity_months {
                    when.push(format!(
                        "after {months} months without earning or redeeming activity"
                    ));
                }
                if let Some(months) = expiry.validity_months {
                    when.push(format!("{months} months after they are earned"));
                }
                if when.is_empty() {
                    format!("{} {} do expire.", program.name, program.currency)
                } else {
                    format!(
                        "{} {} expire {}.",
                        program.name,
                        program.currency,
                        join(&when)
                    )
                }
            }
            None => format!("The documents give no expiry rule for {}.", program.name),
        },
        Topic::Status => {
            if let Some(tier) = out.matching_tiers.first() {
                let lowest = if out.matching_tiers.len() == 1
                    && tier.alliance_status.is_some()
                    && out.tiers.iter().any(|other| other.rank < tier.rank)
                {
                    format!(
                        " ({} is the lowest {} tier giving it)",
                        tier.name, program.name
                    )
                } else {
                    String::new()
                };
                format!(
                    "{} {}: {}{lowest}.",
                    program.name,
                    "status",
                    tier_text(tier)
                )
            } else if out.tiers.is_empty() {
                format!("The documents give no status tiers for {}.", program.name)
            } else {
                let all: Vec<String> = out.tiers.iter().map(tier_text).collect();
                format!("{}'s status tiers: {}.", program.name, all.join("; "))
            }
        }
        Topic::General => match out.passages.first() {
            Some(passage) => {
                let excerpt = passage.excerpt.as_deref().unwrap_or_default();
                let mut quoted: String = excerpt.chars().take(MAX_EXCERPT).collect();
                if quoted.len() < excerpt.len() {
                    quoted.push('…');
                }
                format!(
                    "Here is what {}'s documents say (quoted, not verified): \"{}\"",
                    program.name,
                    quoted.replace('\n', " ")
                )
            }
            None => format!(
                "I found nothing about that in {}'s documents.",
                program.name
            ),
        },
    }
}

fn profile_reply(profile: &activities::profiles::Profile) -> String {
    let programs: Vec<String> = profile
        .details
        .programs
        .iter()
        .map(|membership| match &membership.status_tier {
            Some(tier) => format!("{} ({tier})", membership.program),
            None => membership.program.clone(),
        })
        .collect();
    let mut text = if programs.is_empty() {
        "Your profile lists no programs yet.".to_owned()
    } else {
        format!("Your programs: {}.", join(&programs))
    };
    if let Some(home) = &profile.details.home_airport {
        text.push_str(&format!(" Home airport: {home}."));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_thousands_separators() {
        assert_eq!(digits(0), "0");
        assert_eq!(digits(500), "500");
        assert_eq!(digits(4806), "4,806");
        assert_eq!(digits(180000), "180,000");
        assert_eq!(digits(1234567), "1,234,567");
        assert_eq!(percent(125.0), "125%");
        assert_eq!(percent(12.5), "12.5%");
    }
}
