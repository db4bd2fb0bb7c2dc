//! `award_cost`: the miles an award costs between two places in a cabin under a program's
//! chart. Each end is an airport (its country's zone), a country, a city, or a region or
//! zone name ("Europe" is Aeroplan's "Atlantic"); charts are symmetric; a round trip costs
//! twice the one-way price; a zone pair and cabin the chart lacks is "not available".

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Citation, Error, KnowledgeGraph, ProgramName, known_program};
use crate::facts::{Cabin, Program};
use crate::graph::model::slug;
use crate::reference;

/// The tool's name.
pub const NAME: &str = "award_cost";
/// What it answers.
pub const DESCRIPTION: &str = "Miles or points for an award flight under a program's award \
    chart: each end is an airport code, city, country, or region/zone name; one way or round \
    trip; per passenger. Says 'not available' when the chart has no price for the zone pair \
    and cabin.";

/// The award to price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The program: id or name.
    pub program: String,
    /// Where from: IATA code, city, country or region (`YYZ`, `Toronto`, `Canada`,
    /// `North America`).
    pub from: String,
    /// Where to, likewise.
    pub to: String,
    /// `economy`, `premium_economy`, `business` or `first`.
    #[schemars(with = "String")]
    pub cabin: Cabin,
    /// Price a round trip (twice the one-way price).
    #[serde(default)]
    pub round_trip: bool,
}

/// One end of the award, as the chart sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Place {
    /// What was asked.
    pub place: String,
    /// The airport, when the place was one.
    pub airport: Option<String>,
    /// The country (ISO 3166-1 alpha-2), when known.
    pub country: Option<String>,
    /// The program's zone.
    pub zone: String,
}

/// The price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Output {
    /// The program.
    pub program: ProgramName,
    /// Where from.
    pub from: Place,
    /// Where to.
    pub to: Place,
    /// The cabin.
    #[schemars(with = "String")]
    pub cabin: Cabin,
    /// Whether the chart prices this award.
    pub available: bool,
    /// One way, per passenger.
    pub miles_one_way: Option<u64>,
    /// What was asked for: one way, or twice that for a round trip.
    pub miles: Option<u64>,
    /// Whether a round trip was priced.
    pub round_trip: bool,
    /// Where the price and zones come from.
    pub citations: Vec<Citation>,
}

/// Runs the tool.
pub async fn run(knowledge: &dyn KnowledgeGraph, input: Input) -> Result<Output, Error> {
    let program = known_program(knowledge, &input.program).await?;
    let from = place(knowledge, &program, &input.from).await?;
    let to = place(knowledge, &program, &input.to).await?;
    let rule = knowledge
        .award(&program.id, &from.zone, &to.zone, input.cabin)
        .await?;
    let factor = if input.round_trip { 2 } else { 1 };
    let mut citations: Vec<Citation> = Vec::new();
    if let Some(rule) = &rule {
        super::add_citations(&mut citations, Citation::of(&rule.provenance));
    }
    let zones = knowledge.zones(&program.id).await?;
    for zone in zones
        .iter()
        .filter(|zone| zone.zone == from.zone || zone.zone == to.zone)
    {
        super::add_citations(&mut citations, Citation::of(&zone.provenance));
    }
    Ok(Output {
        program: ProgramName::of(&program),
        from,
        to,
        cabin: input.cabin,
        available: rule.is_some(),
        miles_one_way: rule.as_ref().map(|rule| rule.miles_one_way),
        miles: rule.as_ref().map(|rule| rule.miles_one_way * factor),
        round_trip: input.round_trip,
        citations,
    })
}

/// The zone of a place in the program's chart.
pub async fn place(
    knowledge: &dyn KnowledgeGraph,
    program: &Program,
    text: &str,
) -> Result<Place, Error> {
    let text = text.trim();
    let by_country = |country: &str| {
        let country = country.to_owned();
        async move {
            let zone = knowledge.zone_of_country(&program.id, &country).await?;
            Ok::<_, Error>((country, zone))
        }
    };
    let unplaced = |what: String| {
        Error::UnknownPlace(format!(
            "{}'s award chart has no zone for {what}",
            program.name
        ))
    };
    // An airport code.
    if text.len() == 3 && text.chars().all(|c| c.is_ascii_alphabetic()) {
        if let Some(airport) = reference::airport(text) {
            let (country, zone) = by_country(&airport.country).await?;
            let zone = zone.ok_or_else(|| {
                unplaced(format!("{} ({})", country_label(&country), airport.iata))
            })?;
            return Ok(Place {
                place: text.to_owned(),
                airport: Some(airport.iata.clone()),
                country: Some(country),
                zone,
            });
        }
        // Capitals that are no airport, no zone and no country ("UAE" is both of the
        // latter) are a mistyped code.
        if text.chars().all(|c| c.is_ascii_uppercase())
            && reference::country_code(text).is_none()
            && !knowledge.zones(&program.id).await?.iter().any(|zone| {
                std::iter::once(&zone.zone)
                    .chain(&zone.aliases)
                    .any(|n| n == text)
            })
        {
            return Err(Error::UnknownAirports(vec![text.to_owned()]));
        }
    }
    // A zone, one of its aliases or one of its regions.
    let zones = knowledge.zones(&program.id).await?;
    let wanted = slug(text);
    let mut named: Vec<String> = Vec::new();
    for zone in &zones {
        let names = std::iter::once(&zone.zone)
            .chain(&zone.aliases)
            .chain(&zone.regions);
        if names.into_iter().any(|name| slug(name) == wanted) && !named.contains(&zone.zone) {
            named.push(zone.zone.clone());
        }
    }
    // A zone name is more specific than a region word naming another zone.
    if named.len() > 1
        && let Some(exact) = zones.iter().find(|zone| slug(&zone.zone) == wanted)
    {
        named = vec![exact.zone.clone()];
    }
    let place = |zone: String, country: Option<String>| Place {
        place: text.to_owned(),
        airport: None,
        country,
        zone,
    };
    match named.len() {
        1 => return Ok(place(named.remove(0), None)),
        0 => {}
        _ => return Err(ambiguous(program, text, &named)),
    }
    // A country.
    if let Some(country) = reference::country_code(text) {
        let (country, zone) = by_country(country).await?;
        let zone = zone.ok_or_else(|| unplaced(country_label(&country)))?;
        return Ok(place(zone, Some(country)));
    }
    // A city: its airports' country (the one most of them are in).
    let airports = reference::airports_in_city(text);
    if !airports.is_empty() {
        let mut countries: BTreeMap<&str, usize> = BTreeMap::new();
        for airport in &airports {
            *countries.entry(airport.country.as_str()).or_default() += 1;
        }
        if let Some((country, _)) = countries.iter().max_by_key(|(_, count)| **count) {
            let (country, zone) = by_country(country).await?;
            let zone =
                zone.ok_or_else(|| unplaced(format!("{text} ({})", country_label(&country))))?;
            return Ok(place(zone, Some(country)));
        }
    }
    // The first words of zone names ("Europe" for "Europe 1" and "Europe 2").
    let prefixed: Vec<String> = zones
        .iter()
        .filter(|zone| slug(&zone.zone).starts_with(&format!("{wanted}_")))
        .map(|zone| zone.zone.clone())
        .collect();
    match prefixed.len() {
        0 => Err(unplaced(format!("'{text}'"))),
        1 => Ok(place(prefixed[0].clone(), None)),
        _ => Err(ambiguous(program, text, &prefixed)),
    }
}

fn ambiguous(program: &Program, text: &str, zones: &[String]) -> Error {
    Error::UnknownPlace(format!(
        "'{text}' covers several zones of {}'s award chart: {}; which one do you mean?",
        program.name,
        zones.join(", ")
    ))
}

fn country_label(iso2: &str) -> String {
    reference::country_name(iso2)
        .map(str::to_owned)
        .unwrap_or_else(|| iso2.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::fixtures::knowledge;

    async fn check(
        program: &str,
        from: &str,
        to: &str,
        cabin: Cabin,
        round_trip: bool,
    ) -> Result<Output, Error> {
        let input = Input {
            program: program.into(),
            from: from.into(),
            to: to.into(),
            cabin,
            round_trip,
        };
        run(&knowledge(), input).await
    }

    #[tokio::test]
    async fn airports_map_to_their_countrys_zone() {
        // YYZ (CA) → North America, NRT (JP) → Pacific: 45,000 one way.
        let out = check("aeroplan", "YYZ", "NRT", Cabin::Economy, false)
            .await
            .unwrap();
        assert_eq!(
            (out.from.zone.as_str(), out.to.zone.as_str()),
            ("North America", "Pacific")
        );
        assert_eq!(out.miles, Some(45000));
        // Charts are symmetric.
        let out = check("aeroplan", "NRT", "YYZ", Cabin::Economy, false)
            .await
            .unwrap();
        assert_eq!(out.miles, Some(45000));
    }

    #[tokio::test]
    async fn regions_countries_and_cities_map_to_zones() {
        // "Europe" is a region of the Atlantic zone.
        let out = check(
            "Aeroplan",
            "North America",
            "Europe",
            Cabin::Business,
            false,
        )
        .await
        .unwrap();
        assert_eq!((out.to.zone.as_str(), out.miles), ("Atlantic", Some(70000)));
        let out = check("aeroplan", "Canada", "Germany", Cabin::Business, false)
            .await
            .unwrap();
        assert_eq!(out.miles, Some(70000));
        // Istanbul (TR) → Turkey, New York (US) → North America: 90,000 × 2.
        let out = check(
            "turkish_milesandsmiles",
            "Istanbul",
            "New York",
            Cabin::Business,
            true,
        )
        .await
        .unwrap();
        assert_eq!((out.miles_one_way, out.miles), (Some(90000), Some(180000)));
    }

    #[tokio::test]
    async fn missing_awards_are_not_available() {
        let out = check("aeroplan", "YYZ", "FRA", Cabin::First, false)
            .await
            .unwrap();
        assert!(!out.available);
        assert_eq!(out.miles, None);
    }

    #[tokio::test]
    async fn unknown_and_ambiguous_places_are_named() {
        let error = check("aeroplan", "YYZ", "XQZ", Cabin::Economy, false)
            .await
            .unwrap_err();
        assert_eq!(error, Error::UnknownAirports(vec!["XQZ".into()]));
        let error = check(
            "turkish_milesandsmiles",
            "IST",
            "Europe",
            Cabin::Economy,
            false,
        )
        .await
        .unwrap_err();
        assert!(error.to_string().contains("Europe 1, Europe 2"), "{error}");
        let error = check("aeroplan", "YYZ", "Brazil", Cabin::Economy, false)
            .await
            .unwrap_err();
        assert!(error.to_string().contains("no zone for Brazil"), "{error}");
    }
}
