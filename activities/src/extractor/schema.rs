//! The `record_facts` tool both model extractors (Bedrock Converse, OpenAI-compatible chat)
//! force the model to call: its input is a [`Facts`](crate::facts::Facts) set with the
//! field names of the samples' `facts.json`, each fact naming the passage that states it.

use serde_json::{Map, Value, json};

/// The tool's name.
pub const TOOL_NAME: &str = "record_facts";

/// What the tool is for, as the model reads it.
pub const TOOL_DESCRIPTION: &str = "Record every loyalty-program fact the passages state: \
programs, airlines, alliances and memberships, partner earning rules by fare class, award \
chart prices by zone and cabin, award zones, status tiers and expiry rules. Each fact names \
the id of the passage that states it. Record only what the passages state; leave out \
anything guessed.";

/// The JSON schema of the tool's input.
pub fn facts_schema() -> Value {
    let program = || text("Program id in snake_case, e.g. united_mileageplus.");
    let iata = |what: &str| json!({"type": "string", "pattern": "^[A-Z0-9]{2}$", "description": format!("IATA code of {what}.")});
    let cabin = json!({
        "type": "string",
        "enum": ["economy", "premium_economy", "business", "first"],
        "description": "Cabin of service."
    });
    let countries = json!({
        "type": "array",
        "items": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "description": "ISO 3166-1 alpha-2 country codes."
    });
    let names =
        |what: &str| json!({"type": "array", "items": {"type": "string"}, "description": what});
    let categories = [
        (
            "programs",
            fact(
                &[
                    ("id", program()),
                    ("name", text("Name as the program calls itself.")),
                    ("operator_airline", iata("the airline that runs it")),
                    ("currency", text("What it pays in: miles, points, avios.")),
                    ("aliases", names("Other names it goes by.")),
                ],
                &["id", "name"],
            ),
        ),
        (
            "airlines",
            fact(
                &[
                    ("iata", iata("the airline")),
                    ("name", text("Airline name.")),
                    (
                        "country",
                        json!({"type": "string", "pattern": "^[A-Z]{2}$"}),
                    ),
                ],
                &["iata", "name"],
            ),
        ),
        (
            "alliances",
            fact(
                &[("name", text("Alliance name, e.g. Star Alliance."))],
                &["name"],
            ),
        ),
        (
            "memberships",
            fact(
                &[
                    ("airline", iata("the member airline")),
                    ("alliance", text("Alliance name.")),
                ],
                &["airline", "alliance"],
            ),
        ),
        (
            "earning_rules",
            fact(
                &[
                    ("program", program()),
                    ("operating_airline", iata("the operating airline")),
                    (
                        "fare_classes",
                        json!({"type": "array", "items": {"type": "string", "pattern": "^[A-Z]$"},
                               "description": "One-letter booking codes."}),
                    ),
                    ("cabin", cabin.clone()),
                    (
                        "percent",
                        json!({"type": "number", "minimum": 0,
                               "description": "Percentage of the distance flown; 0 = not eligible."}),
                    ),
                    (
                        "min_miles",
                        json!({"type": "integer", "minimum": 0,
                               "description": "Least an eligible flight earns, if stated."}),
                    ),
                ],
                &[
                    "program",
                    "operating_airline",
                    "fare_classes",
                    "cabin",
                    "percent",
                ],
            ),
        ),
        (
            "award_rules",
            fact(
                &[
                    ("program", program()),
                    (
                        "from_zone",
                        text("Zone of departure as the chart writes it."),
                    ),
                    ("to_zone", text("Zone of arrival as the chart writes it.")),
                    ("cabin", cabin),
                    (
                        "miles_one_way",
                        json!({"type": "integer", "minimum": 0,
                               "description": "Miles or points one way, per passenger."}),
                    ),
                ],
                &["program", "from_zone", "to_zone", "cabin", "miles_one_way"],
            ),
        ),
        (
            "zones",
            fact(
                &[
                    ("program", program()),
                    ("zone", text("Zone name as the chart writes it.")),
                    ("countries", countries),
                    ("regions", names("Region words meaning this zone.")),
                    ("aliases", names("Other names of the zone.")),
                ],
                &["program", "zone", "countries"],
            ),
        ),
        (
            "status_tiers",
            fact(
                &[
                    ("program", program()),
                    ("name", text("Tier name.")),
                    (
                        "rank",
                        json!({"type": "integer", "minimum": 1, "description": "1 = lowest."}),
                    ),
                    ("threshold", json!({"type": "integer", "minimum": 0})),
                    (
                        "threshold_unit",
                        text("What the threshold counts: PQP, SQM, status miles."),
                    ),
                    ("alliance_status", text("Alliance tier it matches, if any.")),
                ],
                &["program", "name", "rank", "threshold", "threshold_unit"],
            ),
        ),
        (
            "expiry_rules",
            fact(
                &[
                    ("program", program()),
                    ("expires", json!({"type": "boolean"})),
                    (
                        "inactivity_months",
                        json!({"type": "integer", "minimum": 0}),
                    ),
                    ("validity_months", json!({"type": "integer", "minimum": 0})),
                    ("text", text("The rule in plain words.")),
                ],
                &["program", "expires", "text"],
            ),
        ),
    ];
    let names: Vec<&str> = categories.iter().map(|(name, _)| *name).collect();
    let properties: Map<String, Value> = categories
        .into_iter()
        .map(|(name, item)| (name.to_owned(), json!({"type": "array", "items": item})))
        .collect();
    json!({"type": "object", "properties": properties, "required": names})
}

fn text(description: &str) -> Value {
    json!({"type": "string", "description": description})
}

/// An object schema with the fact's own fields and its provenance.
fn fact(fields: &[(&str, Value)], required: &[&str]) -> Value {
    let mut properties: Map<String, Value> = fields
        .iter()
        .map(|(name, schema)| ((*name).to_owned(), schema.clone()))
        .collect();
    properties.insert(
        "passage".into(),
        text("Id of the passage that states the fact, as given."),
    );
    properties.insert(
        "effective_date".into(),
        json!({"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$",
               "description": "Date from which the fact holds, if the passage says."}),
    );
    properties.insert(
        "confidence".into(),
        json!({"type": "number", "minimum": 0, "maximum": 1,
               "description": "How sure you are the passage states this fact."}),
    );
    let mut required: Vec<&str> = required.to_vec();
    required.push("passage");
    json!({"type": "object", "properties": properties, "required": required})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_of_facts_is_in_the_schema() {
        let schema = facts_schema();
        let facts = serde_json::to_value(crate::facts::Facts::default()).unwrap();
        for category in facts.as_object().unwrap().keys() {
            let items = &schema["properties"][category]["items"];
            assert_eq!(items["type"], "object", "{category}");
            assert!(items["properties"]["passage"].is_object(), "{category}");
        }
    }
}
