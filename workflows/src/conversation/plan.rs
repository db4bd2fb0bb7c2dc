//! From what was understood to what to do: the tool calls that answer it, or the question
//! to ask back when a slot is missing or ambiguous. Pure: the same understanding, profile
//! and programs always give the same plan, so a replayed run plans the same calls.

use activities::facts::Cabin;
use activities::profiles::Profile;
use activities::reference;
use activities::tools::distance::great_circle_miles;
use activities::tools::program_rules::Topic;
use activities::tools::{
    award_cost, best_program, flight_earnings, profile, program_rules, programs_for_airline,
};
use activities::understanding::{self, Intent, Place, Understood};
use serde_json::{Value, json};

/// What to do for a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// Call these tools, in order.
    Call(Vec<(String, Value)>),
    /// Ask this back.
    Ask(String),
}

/// What planning needs besides the understanding.
pub struct Context<'a> {
    /// The message.
    pub text: &'a str,
    /// The traveller's profile, if they have one.
    pub profile: Option<&'a Profile>,
    /// Every program in the graph, (id, name).
    pub programs: &'a [(String, String)],
}

/// "I don't know the airport code XQZ": no number, since there is no distance.
pub fn unknown_airports(codes: &[String]) -> String {
    let (noun, list) = if codes.len() == 1 {
        ("code", codes[0].clone())
    } else {
        ("codes", codes.join(" and "))
    };
    format!(
        "I don't know the airport {noun} {list}: it is not the IATA code of any airport I know, \
         so I can't work out a distance or an answer. Please check the {noun}."
    )
}

fn program_list(programs: &[(String, String)]) -> String {
    let names: Vec<&str> = programs.iter().map(|(_, name)| name.as_str()).collect();
    match names.as_slice() {
        [] => "none yet (no documents are loaded)".into(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn call(tool: &str, input: Value) -> (String, Value) {
    (tool.to_owned(), input)
}

/// Plans the answer.
pub fn plan(understood: &Understood, context: &Context<'_>) -> Plan {
    let slots = &understood.slots;
    let intent = understood.intent;
    let needs_places = matches!(
        intent,
        Intent::Earn | Intent::CompareEarn | Intent::BestProgram | Intent::AwardCost
    );
    if !slots.unknown_airports.is_empty() && (needs_places || intent == Intent::Unknown) {
        return Plan::Ask(unknown_airports(&slots.unknown_airports));
    }
    let memberships = context
        .profile
        .map(Profile::program_ids)
        .unwrap_or_default();
    // The programs asked about: those named, else the traveller's only one.
    let named_or_only_program = || -> Result<Vec<String>, Plan> {
        if !slots.programs.is_empty() {
            return Ok(slots.programs.clone());
        }
        if let Some(name) = &slots.unknown_program {
            return Err(Plan::Ask(format!(
                "I have no documents about {name}, so I can't answer for it. Which program do \
                 you mean? I can answer for {}.",
                program_list(context.programs)
            )));
        }
        let known: Vec<&String> = memberships
            .iter()
            .filter(|id| context.programs.iter().any(|(known, _)| known == *id))
            .collect();
        if let [only] = known.as_slice() {
            return Ok(vec![(*only).clone()]);
        }
        Err(Plan::Ask(format!(
            "Which loyalty program do you mean? I can answer for {}.",
            program_list(context.programs)
        )))
    };
    match intent {
        Intent::Earn | Intent::CompareEarn | Intent::BestProgram => {
            let Some(airline) = &slots.airline else {
                return Plan::Ask(
                    "Which airline operates the flight? Please give its name or code.".into(),
                );
            };
            let segments = match route(&slots.places, context.profile) {
                Ok(segments) => segments,
                Err(question) => return Plan::Ask(question),
            };
            let Some(fare_class) = &slots.fare_class else {
                let cabin = slots
                    .cabin
                    .map(|cabin| format!(" in {}", cabin.label()))
                    .unwrap_or_default();
                return Plan::Ask(format!(
                    "Which fare class (the booking class letter on your ticket, such as J or Y) \
                     are you flying{cabin}? The miles depend on it."
                ));
            };
            let earn = |program: &String, fare_class: &String| {
                let tier = context.profile.and_then(|p| p.tier_in(program));
                call(
                    flight_earnings::NAME,
                    json!({
                        "program": program, "airline": airline, "fare_class": fare_class,
                        "segments": segments, "status_tier": tier,
                    }),
                )
            };
            // One flight in two booking classes, in one program.
            // One flight in two booking classes, in each program named (a name two
            // programs share names both).
            if intent == Intent::CompareEarn
                && let Some(other_class) = &slots.compared_fare_class
            {
                let programs = match named_or_only_program() {
                    Ok(programs) => programs,
                    Err(ask) => return ask,
                };
                return Plan::Call(
                    programs
                        .iter()
                        .flat_map(|program| [earn(program, fare_class), earn(program, other_class)])
                        .collect(),
                );
            }
            if intent == Intent::BestProgram || slots.programs.is_empty() {
                if let Some(name) = &slots.unknown_program {
                    return Plan::Ask(format!(
                        "I have no documents about {name}, so I can't answer for it. I can \
                         answer for {}.",
                        program_list(context.programs)
                    ));
                }
                return Plan::Call(vec![call(
                    best_program::NAME,
                    json!({
                        "airline": airline, "fare_class": fare_class, "segments": segments,
                        "memberships": memberships,
                    }),
                )]);
            }
            Plan::Call(
                slots
                    .programs
                    .iter()
                    .map(|program| earn(program, fare_class))
                    .collect(),
            )
        }
        Intent::AwardCost => {
            let programs = match named_or_only_program() {
                Ok(programs) => programs,
                Err(ask) => return ask,
            };
            // No cabin said: every cabin is priced, and the reply gives those the chart
            // has ("economy 11,000, business 20,000"), as an agent would.
            let cabins: Vec<Cabin> = slots
                .cabin
                .or_else(|| context.profile.and_then(|p| p.details.preferences.cabin))
                .map_or(Cabin::ALL.to_vec(), |cabin| vec![cabin]);
            let mut ends: Vec<String> = slots.places.iter().map(Place::as_award_end).collect();
            if ends.len() == 1
                && let Some(home) = context.profile.and_then(|p| p.details.home_airport.clone())
            {
                ends.insert(0, home);
            }
            if ends.len() < 2 {
                return Plan::Ask(
                    "Where from and where to? Airports, cities, countries or regions all work."
                        .into(),
                );
            }
            let (ends, cabins) = (&ends, &cabins);
            Plan::Call(
                programs
                    .iter()
                    .flat_map(|program| {
                        cabins.iter().map(move |cabin| {
                            call(
                                award_cost::NAME,
                                json!({
                                    "program": program, "from": ends[0], "to": ends[1],
                                    "cabin": cabin,
                                    "round_trip": slots.round_trip.unwrap_or(false),
                                }),
                            )
                        })
                    })
                    .collect(),
            )
        }
        Intent::ProgramsForAirline | Intent::AllianceOf => match &slots.airline {
            Some(airline) => Plan::Call(vec![call(
                programs_for_airline::NAME,
                json!({"airline": airline, "memberships": memberships}),
            )]),
            None => Plan::Ask("Which airline do you mean? Please give its name or code.".into()),
        },
        Intent::Expiry | Intent::Status | Intent::Rules => {
            let topic = match intent {
                Intent::Expiry => Topic::Expiry,
                Intent::Status => Topic::Status,
                _ => Topic::General,
            };
            let programs = match named_or_only_program() {
                Ok(programs) => programs,
                Err(ask) => return ask,
            };
            let tier = slots.tier.clone().or_else(|| {
                (topic == Topic::Status && slots.alliance_status.is_none())
                    .then(|| context.profile.and_then(|p| p.tier_in(&programs[0])))
                    .flatten()
                    .map(str::to_owned)
            });
            Plan::Call(
                programs
                    .iter()
                    .map(|program| {
                        call(
                            program_rules::NAME,
                            json!({
                                "program": program, "topic": topic,
                                "question": if topic == Topic::General { context.text } else { "" },
                                "tier": tier, "alliance_status": slots.alliance_status,
                            }),
                        )
                    })
                    .collect(),
            )
        }
        Intent::Profile => match context.profile {
            Some(profile) => Plan::Call(vec![call(profile::NAME, json!({"user": profile.user}))]),
            None => Plan::Ask(
                "I don't know who you are: profiles belong to traveller keys. Ask with your \
                 traveller key, or set your profile with PUT /v1/profiles/{user}."
                    .into(),
            ),
        },
        Intent::Unknown => Plan::Ask(format!(
            "I can tell you the miles a flight earns (airline, fare class, from and to \
             airports, program), which program to credit a flight to, what an award costs, \
             which programs earn on an airline, and a program's expiry and status rules. I \
             know about {}. What would you like to know?",
            program_list(context.programs)
        )),
    }
}

/// Legs this long are flown from a city's main airport (and the distance from another of
/// its airports would differ by under one percent).
const LONG_LEG_MILES: f64 = 2000.0;

/// "Frankfurt to Bangkok": the main airport of a city with several busy ones, when every
/// leg to or from it is long; a short one ("London to Paris") leaves the question.
fn main_airport_on_long_legs(
    places: &[Place],
    at: usize,
    codes: &[String],
) -> Option<&'static str> {
    let main = understanding::main_airport(codes)?;
    let from = reference::airport(main)?;
    let neighbours: Vec<&Place> = [at.checked_sub(1), Some(at + 1)]
        .into_iter()
        .flatten()
        .filter_map(|index| places.get(index))
        .collect();
    let long = |place: &&Place| {
        let code = match place {
            Place::Airport { code } => code.as_str(),
            Place::City { airports, .. } if airports.len() == 1 => airports[0].as_str(),
            Place::City { airports, .. } => match understanding::main_airport(airports) {
                Some(code) => code,
                None => return false,
            },
            _ => return false,
        };
        reference::airport(code).is_some_and(|to| {
            great_circle_miles((from.lat, from.lon), (to.lat, to.lon)) >= LONG_LEG_MILES
        })
    };
    (!neighbours.is_empty() && neighbours.iter().all(long)).then_some(main)
}

/// "Tunis to Istanbul": a city of several busy airports is its main one when it is the
/// only such city on the route (the reply states the assumption); with two ("London to
/// Paris") only long legs decide it, since the pair of airports changes a short leg most.
fn main_airport_of_only_city(places: &[Place], codes: &[String]) -> Option<&'static str> {
    let several = places
        .iter()
        .filter(|place| matches!(place, Place::City { airports, .. } if airports.len() > 1))
        .count();
    (several == 1)
        .then(|| understanding::main_airport(codes))
        .flatten()
}

/// The legs of a flight: airports in the order named (a city counts when it has one
/// airport); with one airport, the traveller's home airport is the origin.
fn route(places: &[Place], profile: Option<&Profile>) -> Result<Vec<Value>, String> {
    let mut airports: Vec<String> = Vec::new();
    for (at, place) in places.iter().enumerate() {
        match place {
            Place::Airport { code } => airports.push(code.clone()),
            Place::City {
                airports: codes, ..
            } if codes.len() == 1 => {
                airports.push(codes[0].clone());
            }
            Place::City {
                airports: codes, ..
            } if let Some(main) = main_airport_on_long_legs(places, at, codes)
                .or_else(|| main_airport_of_only_city(places, codes)) =>
            {
                airports.push(main.to_owned());
            }
            Place::City {
                name,
                airports: codes,
            } => {
                let shown: Vec<&str> = codes.iter().take(6).map(String::as_str).collect();
                return Err(format!(
                    "Which {name} airport do you mean: {}? Please give its IATA code.",
                    shown.join(", ")
                ));
            }
            Place::Country { name, .. } | Place::Region { name } => {
                return Err(format!(
                    "Which airport in {name} do you mean? Earnings depend on the distance \
                     between airports, so please give its IATA code."
                ));
            }
        }
    }
    // "Toronto (YYZ) - New York JFK (JFK)": a stop named twice is one stop.
    airports.dedup();
    if airports.len() == 1
        && let Some(home) = profile.and_then(|p| p.details.home_airport.clone())
    {
        airports.insert(0, home);
    }
    if airports.len() < 2 {
        return Err(
            "From which airport to which airport are you flying? Please give the \
                    IATA codes (for example FRA to JFK)."
                .into(),
        );
    }
    Ok(airports
        .windows(2)
        .map(|pair| json!({"from": pair[0], "to": pair[1]}))
        .collect())
}

#[cfg(test)]
mod tests {
    use activities::understanding::{Slots, Understood};

    use super::*;

    fn understood(intent: Intent, slots: Slots) -> Understood {
        Understood {
            intent,
            slots,
            follow_up: false,
        }
    }

    fn check(intent: Intent, slots: Slots) -> Plan {
        let programs = [("aeroplan".to_owned(), "Aeroplan".to_owned())];
        let context = Context {
            text: "…",
            profile: None,
            programs: &programs,
        };
        plan(&understood(intent, slots), &context)
    }

    fn flight(fare_class: Option<&str>) -> Slots {
        Slots {
            programs: vec!["aeroplan".into()],
            airline: Some("LH".into()),
            fare_class: fare_class.map(str::to_owned),
            places: ["FRA", "JFK"]
                .iter()
                .map(|code| Place::Airport {
                    code: code.to_string(),
                })
                .collect(),
            ..Slots::default()
        }
    }

    #[test]
    fn a_complete_flight_calls_the_earnings_tool() {
        let Plan::Call(calls) = check(Intent::Earn, flight(Some("P"))) else {
            panic!("no call");
        };
        assert_eq!(calls[0].0, "flight_earnings");
        assert_eq!(
            calls[0].1["segments"],
            json!([{"from": "FRA", "to": "JFK"}])
        );
    }

    #[test]
    fn a_city_of_several_airports_is_its_main_one_when_alone_or_on_a_long_leg() {
        let city = |name: &str, codes: &[&str]| Place::City {
            name: name.into(),
            airports: codes.iter().map(|code| code.to_string()).collect(),
        };
        let to_bangkok = vec![
            Place::Airport { code: "FRA".into() },
            city("Bangkok", &["BKK", "DMK"]),
        ];
        assert_eq!(
            route(&to_bangkok, None),
            Ok(vec![json!({"from": "FRA", "to": "BKK"})])
        );
        let to_paris = vec![
            Place::Airport { code: "LHR".into() },
            city("Paris", &["CDG", "ORY"]),
        ];
        assert_eq!(
            route(&to_paris, None),
            Ok(vec![json!({"from": "LHR", "to": "CDG"})])
        );
        let london_to_paris = vec![
            city("London", &["LHR", "LGW", "STN", "LTN", "LCY"]),
            city("Paris", &["CDG", "ORY"]),
        ];
        assert!(route(&london_to_paris, None).is_err_and(|question| question.contains("London")));
    }

    #[test]
    fn missing_or_unknown_slots_are_asked_back() {
        let Plan::Ask(question) = check(Intent::Earn, flight(None)) else {
            panic!("no question");
        };
        assert!(question.contains("fare class") && question.ends_with("it."));
        let mut unknown = flight(Some("P"));
        unknown.unknown_airports = vec!["XQZ".into()];
        let Plan::Ask(reply) = check(Intent::Earn, unknown) else {
            panic!("no reply");
        };
        assert!(reply.contains("XQZ") && !reply.chars().any(|c| c.is_ascii_digit()));
        let mut other = flight(Some("P"));
        other.programs.clear();
        other.unknown_program = Some("Flying Blue".into());
        let Plan::Ask(reply) = check(Intent::Earn, other) else {
            panic!("no reply");
        };
        assert!(reply.contains("Flying Blue") && reply.contains("Aeroplan"));
    }
}
