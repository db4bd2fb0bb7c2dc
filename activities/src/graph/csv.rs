//! Neptune bulk-load files in the Gremlin CSV format: one file of vertices
//! (`~id,~label,<property>:<Type>,…`) and one of edges (`~id,~from,~to,~label,…`).
//! Columns are typed from the values (`String`, `Int`, `Long`, `Double`, `Bool`, and
//! `String[]`-like arrays whose items are separated by `;`), nested objects (a fact's
//! `source`) become `source.document`-style columns, a missing or null value is an empty
//! field. Rows are sorted by id and columns by name, so the same facts give the same bytes.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Edge, GraphBatch, Node};

/// The type of a column's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Bool,
    Int,
    Long,
    Double,
    String,
}

impl Kind {
    fn of(value: &Value) -> Option<Kind> {
        match value {
            Value::Null => None,
            Value::Bool(_) => Some(Kind::Bool),
            Value::Number(number) => Some(match number.as_i64() {
                Some(n) if i32::try_from(n).is_ok() => Kind::Int,
                Some(_) => Kind::Long,
                None if number.is_u64() => Kind::String,
                None => Kind::Double,
            }),
            _ => Some(Kind::String),
        }
    }

    fn join(self, other: Kind) -> Kind {
        use Kind::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Int, Long) | (Long, Int) => Long,
            (Int | Long | Double, Int | Long | Double) => Double,
            _ => String,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Bool => "Bool",
            Kind::Int => "Int",
            Kind::Long => "Long",
            Kind::Double => "Double",
            Kind::String => "String",
        }
    }
}

/// A property column: its name, the type of its values and whether it holds arrays.
struct Column {
    name: String,
    kind: Option<Kind>,
    array: bool,
}

impl Column {
    fn header(&self) -> String {
        let name: String = self
            .name
            .chars()
            .map(|c| match c {
                ' ' | ',' | '\r' | '\n' | '\t' => '_',
                c => c,
            })
            .collect::<String>()
            .replace(':', "\\:");
        let kind = self.kind.unwrap_or(Kind::String).name();
        let array = if self.array { "[]" } else { "" };
        format!("{name}:{kind}{array}")
    }

    fn add(&mut self, value: &Value, arrays_allowed: bool) {
        match value {
            Value::Array(items) if arrays_allowed => {
                self.array = true;
                for item in items {
                    self.add_kind(Kind::of(item));
                }
            }
            Value::Array(_) | Value::Object(_) => self.add_kind(Some(Kind::String)),
            value => self.add_kind(Kind::of(value)),
        }
    }

    fn add_kind(&mut self, kind: Option<Kind>) {
        self.kind = match (self.kind, kind) {
            (None, kind) => kind,
            (kind, None) => kind,
            (Some(a), Some(b)) => Some(a.join(b)),
        };
    }

    fn field(&self, value: Option<&Value>) -> String {
        let kind = self.kind.unwrap_or(Kind::String);
        match value {
            None | Some(Value::Null) => String::new(),
            Some(Value::Array(items)) if self.array => items
                .iter()
                .filter(|item| !item.is_null())
                .map(|item| scalar(item, kind).replace(';', "\\;"))
                .collect::<Vec<_>>()
                .join(";"),
            Some(value) if self.array => scalar(value, kind).replace(';', "\\;"),
            Some(value) => scalar(value, kind),
        }
    }
}

/// A value as its column's type writes it.
fn scalar(value: &Value, kind: Kind) -> String {
    match (value, kind) {
        (Value::String(text), _) => text.clone(),
        (Value::Number(number), Kind::Double) => match number.as_f64() {
            Some(float) if float.fract() == 0.0 && float.abs() < 1e15 => format!("{float:.1}"),
            Some(float) => float.to_string(),
            None => number.to_string(),
        },
        (other, _) => other.to_string(),
    }
}

/// Flattens nested objects into `parent.child` keys.
fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                let key = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&key, value, out);
            }
        }
        value if !prefix.is_empty() => {
            out.insert(prefix.to_owned(), value.clone());
        }
        // A non-object at the top level has no name to go under.
        _ => {}
    }
}

/// Quotes a field when RFC 4180 needs it (commas, quotes, line breaks) or when spaces at
/// either end would otherwise be at the reader's mercy.
fn quote(field: &str) -> String {
    let needs = field.contains([',', '"', '\n', '\r'])
        || field.starts_with(char::is_whitespace)
        || field.ends_with(char::is_whitespace);
    if needs {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

fn line(fields: impl IntoIterator<Item = String>) -> String {
    let mut line = fields
        .into_iter()
        .map(|field| quote(&field))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

/// Writes rows of (system fields, properties) with typed property columns.
/// The property holding each vertex's and edge's whole fact as JSON.
pub const FACT_PROPERTY: &str = "fact";

fn table(system: &[&str], rows: Vec<(Vec<String>, &Value)>, arrays_allowed: bool) -> String {
    let facts: Vec<String> = rows
        .iter()
        .map(|(_, properties)| properties.to_string())
        .collect();
    let rows: Vec<(Vec<String>, BTreeMap<String, Value>)> = rows
        .into_iter()
        .map(|(fields, properties)| {
            let mut flat = BTreeMap::new();
            flatten("", properties, &mut flat);
            (fields, flat)
        })
        .collect();
    let mut columns: BTreeMap<String, Column> = BTreeMap::new();
    for (_, properties) in &rows {
        for (key, value) in properties {
            columns
                .entry(key.clone())
                .or_insert_with(|| Column {
                    name: key.clone(),
                    kind: None,
                    array: false,
                })
                .add(value, arrays_allowed);
        }
    }
    // Last, the element's fact as JSON: typed columns are for queries, this is for reading
    // the graph back exactly (Neptune keeps multi-valued properties as unordered sets).
    let mut out = line(
        system
            .iter()
            .map(|name| (*name).to_owned())
            .chain(columns.values().map(Column::header))
            .chain([format!("{FACT_PROPERTY}:String")]),
    );
    for ((fields, properties), fact) in rows.iter().zip(facts) {
        out.push_str(&line(
            fields
                .iter()
                .cloned()
                .chain(
                    columns
                        .iter()
                        .map(|(key, column)| column.field(properties.get(key))),
                )
                .chain([fact]),
        ));
    }
    out
}

/// The vertices file and the edges file of a batch, in Neptune's Gremlin CSV format.
pub fn to_gremlin_csv(batch: &GraphBatch) -> (String, String) {
    let mut nodes: Vec<&Node> = batch.nodes.iter().collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    let mut edges: Vec<&Edge> = batch.edges.iter().collect();
    edges.sort_by(|a, b| a.id.cmp(&b.id));
    let vertices = table(
        &["~id", "~label"],
        nodes
            .iter()
            .map(|node| (vec![node.id.clone(), node.label.clone()], &node.properties))
            .collect(),
        true,
    );
    // Edge properties hold one value each: arrays are written as JSON text.
    let edges = table(
        &["~id", "~from", "~to", "~label"],
        edges
            .iter()
            .map(|edge| {
                (
                    vec![
                        edge.id.clone(),
                        edge.from.clone(),
                        edge.to.clone(),
                        edge.label.clone(),
                    ],
                    &edge.properties,
                )
            })
            .collect(),
        false,
    );
    (vertices, edges)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::graph::model::to_graph;

    fn read(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|record| record.unwrap().iter().map(str::to_owned).collect())
            .collect();
        (headers, rows)
    }

    fn batch() -> GraphBatch {
        GraphBatch {
            document: "doc".into(),
            nodes: vec![
                Node {
                    id: "zone:p:b".into(),
                    label: "Zone".into(),
                    properties: json!({
                        "program": "p",
                        "zone": "Mexico, \"Central\" America",
                        "regions": ["Central America", "semi;colon"],
                        "rank": 2,
                        "source": { "document": "d", "page": 3 },
                    }),
                },
                Node {
                    id: "airline:LH".into(),
                    label: "Airline".into(),
                    properties: json!({ "iata": "LH", "percent": 125.0, "expires": true }),
                },
                Node {
                    id: "zone:p:a".into(),
                    label: "Zone".into(),
                    properties: json!({ "program": "p", "zone": "A\nB", "rank": null }),
                },
            ],
            edges: vec![Edge {
                id: "INCLUDES:zone:p:a->country:DE".into(),
                label: "INCLUDES".into(),
                from: "zone:p:a".into(),
                to: "country:DE".into(),
                properties: json!({ "effective_date": "2024-01-01", "confidence": 0.5 }),
            }],
        }
    }

    #[test]
    fn vertices_have_typed_headers_and_quoted_fields() {
        let (vertices, _) = to_gremlin_csv(&batch());
        let (headers, rows) = read(&vertices);
        assert_eq!(
            headers,
            [
                "~id",
                "~label",
                "expires:Bool",
                "iata:String",
                "percent:Double",
                "program:String",
                "rank:Int",
                "regions:String[]",
                "source.document:String",
                "source.page:Int",
                "zone:String",
                "fact:String",
            ]
        );
        let ids: Vec<&str> = rows.iter().map(|row| row[0].as_str()).collect();
        assert_eq!(ids, ["airline:LH", "zone:p:a", "zone:p:b"], "sorted by id");
        assert_eq!(rows[0][2], "true");
        assert_eq!(rows[0][4], "125.0");
        assert_eq!(rows[0][5], "", "missing is empty");
        assert_eq!(rows[1][6], "", "null is empty");
        assert_eq!(rows[1][10], "A\nB");
        assert_eq!(rows[2][10], "Mexico, \"Central\" America");
        assert_eq!(rows[2][7], "Central America;semi\\;colon");
        assert_eq!(rows[2][9], "3");
        assert!(vertices.contains("\"Mexico, \"\"Central\"\" America\""));
    }

    #[test]
    fn edges_have_system_columns() {
        let (_, edges) = to_gremlin_csv(&batch());
        let (headers, rows) = read(&edges);
        assert_eq!(
            headers,
            [
                "~id",
                "~from",
                "~to",
                "~label",
                "confidence:Double",
                "effective_date:String",
                "fact:String"
            ]
        );
        let fact = json!({ "effective_date": "2024-01-01", "confidence": 0.5 }).to_string();
        assert_eq!(
            rows,
            [[
                "INCLUDES:zone:p:a->country:DE",
                "zone:p:a",
                "country:DE",
                "INCLUDES",
                "0.5",
                "2024-01-01",
                fact.as_str()
            ]]
        );
    }

    #[test]
    fn same_facts_give_the_same_bytes() {
        let facts = crate::graph::model::tests::sample();
        let first = to_gremlin_csv(&to_graph("doc", &facts));
        let mut shuffled = to_graph("doc", &facts);
        shuffled.nodes.reverse();
        shuffled.edges.reverse();
        assert_eq!(to_gremlin_csv(&shuffled), first);
        let (vertices, edges) = &first;
        let (headers, rows) = read(vertices);
        assert!(headers.contains(&"fare_classes:String[]".to_owned()));
        assert!(headers.contains(&"miles_one_way:Int".to_owned()));
        assert!(rows.iter().all(|row| row.len() == headers.len()));
        let (headers, rows) = read(edges);
        assert_eq!(&headers[..4], ["~id", "~from", "~to", "~label"]);
        assert!(rows.iter().all(|row| row.len() == headers.len()));
    }
}
