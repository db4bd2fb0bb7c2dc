//! Loyalty facts as typed structs, with the field names of the samples' `facts.json`, so a
//! fact set serialises the way curators and checks read it. Every fact may carry where it
//! came from ([`Provenance`]): the passage, its document, page and section, the date from
//! which it holds, and how sure the extractor was.

use serde::{Deserialize, Serialize};

/// Where a fact came from and how far it can be trusted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The source passage, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The date from which the fact holds (`YYYY-MM-DD`); a newer date supersedes an older
    /// fact with the same identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
    /// The extractor's confidence, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
}

/// A passage of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The document's id (the SHA-256 of its content).
    pub document: String,
    /// The document's file name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub document_name: String,
    /// The passage's id (`<document>:<n>`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub passage: String,
    /// 1-based page.
    #[serde(default)]
    pub page: u32,
    /// The heading the passage sits under.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub section: String,
}

/// A loyalty program.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Program {
    /// Stable id, e.g. `united_mileageplus`.
    pub id: String,
    /// Name as the program calls itself.
    pub name: String,
    /// IATA code of the airline that runs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_airline: Option<String>,
    /// What it pays in: `miles`, `points`, `avios`, ….
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Other names it goes by.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Names its documents give cabins and fares ("Comfort Flex" is premium economy), so
    /// that a traveller may ask by them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cabin_brands: Vec<CabinBrand>,
    /// Fares its earning tables name ("Optima" on Vueling is classes M, L, K, H), so
    /// that a traveller may ask by the fare instead of the booking class.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fare_brands: Vec<FareBrand>,
    /// Places its documents name by an airport's code that no airport's name or city
    /// gives ("Grand Cayman (GCM)", "Boracay (MPH)"), so that a traveller may say them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub airport_names: Vec<AirportName>,
    /// Origin of the fact.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A cabin or fare brand and the cabin it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CabinBrand {
    /// The brand as documents write it.
    pub name: String,
    /// The cabin it is.
    pub cabin: Cabin,
}

/// A fare an airline sells under a name, and its booking classes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FareBrand {
    /// The fare's name as documents write it.
    pub name: String,
    /// The IATA code of the airline selling it.
    pub airline: String,
    /// Its booking classes.
    pub classes: Vec<String>,
}

/// A place a document names by an airport's code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AirportName {
    /// The place as the document writes it ("Grand Cayman").
    pub name: String,
    /// The airport's IATA code.
    pub airport: String,
}

/// An airline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Airline {
    /// IATA code.
    pub iata: String,
    /// Name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Origin of the fact.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// An airline alliance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Alliance {
    /// Name, e.g. `Star Alliance`.
    pub name: String,
    /// Origin of the fact.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// An airline's membership of an alliance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    /// IATA code of the airline.
    pub airline: String,
    /// Name of the alliance.
    pub alliance: String,
    /// Origin of the fact.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A cabin of service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cabin {
    /// Economy.
    Economy,
    /// Premium economy.
    PremiumEconomy,
    /// Business.
    Business,
    /// First.
    First,
}

impl Cabin {
    /// Every cabin, cheapest first.
    pub const ALL: [Cabin; 4] = [
        Cabin::Economy,
        Cabin::PremiumEconomy,
        Cabin::Business,
        Cabin::First,
    ];

    /// The snake-case name (`premium_economy`).
    pub fn as_str(self) -> &'static str {
        match self {
            Cabin::Economy => "economy",
            Cabin::PremiumEconomy => "premium_economy",
            Cabin::Business => "business",
            Cabin::First => "first",
        }
    }

    /// The name for people (`premium economy`).
    pub fn label(self) -> &'static str {
        match self {
            Cabin::Economy => "economy",
            Cabin::PremiumEconomy => "premium economy",
            Cabin::Business => "business",
            Cabin::First => "first",
        }
    }

    /// Parses a cabin word as documents write it: `Premium Econ.`, `business class`, an
    /// airline's brand for a cabin (`Polaris`, `Club Europe`, `Premium Select`), a few
    /// other languages' words; `Y` is not a cabin (fare classes are not cabins). A generic
    /// cabin word beside a brand ("Club Europe (business)") decides.
    pub fn parse(text: &str) -> Option<Cabin> {
        let words: String = text
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '+' {
                    fold_accent(c)
                } else {
                    ' '
                }
            })
            .collect();
        let words: Vec<&str> = words.split_whitespace().collect();
        let has = |prefix: &str| words.iter().any(|word| word.starts_with(prefix));
        // A brand whose words say another cabin ("Premium Laurel" is EVA Air's business).
        if words.windows(2).any(|pair| pair == ["premium", "laurel"]) {
            return Some(Cabin::Business);
        }
        if has("premium") && (has("econ") || has("coach")) || words.contains(&"pe") {
            return Some(Cabin::PremiumEconomy);
        }
        if has("econ") || has("coach") {
            return Some(Cabin::Economy);
        }
        if has("business") || has("upper") {
            return Some(Cabin::Business);
        }
        if has("first") {
            return Some(Cabin::First);
        }
        // "Executive" names a business cabin, not a club or a tier ("Executive Club",
        // "Executive Platinum").
        if words.contains(&"executive")
            && words
                .iter()
                .all(|word| ["executive", "class", "cabin", "classe", "clase"].contains(word))
        {
            return Some(Cabin::Business);
        }
        let joined = format!(" {} ", words.join(" "));
        CABIN_WORDS
            .iter()
            .find(|(phrase, _)| joined.contains(&format!(" {phrase} ")))
            .map(|(_, cabin)| *cabin)
    }
}

/// Accented letters read as their base letter ("Première" → "premiere").
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        other => other,
    }
}

/// Cabin names that carry no generic cabin word: airlines' brands and other languages'
/// words, longest first within a cabin so that "premium plus" wins over "premium".
const CABIN_WORDS: &[(&str, Cabin)] = &[
    ("premium select", Cabin::PremiumEconomy),
    ("premium plus", Cabin::PremiumEconomy),
    ("world traveller plus", Cabin::PremiumEconomy),
    ("premium", Cabin::PremiumEconomy),
    ("premiumeconomy", Cabin::PremiumEconomy),
    ("polaris", Cabin::Business),
    ("club europe", Cabin::Business),
    ("club world", Cabin::Business),
    ("club suite", Cabin::Business),
    ("qsuite", Cabin::Business),
    ("delta one", Cabin::Business),
    ("mint", Cabin::Business),
    ("prestige", Cabin::Business),
    ("affaires", Cabin::Business),
    ("ejecutiva", Cabin::Business),
    ("executiva", Cabin::Business),
    ("negocios", Cabin::Business),
    ("geschaftsklasse", Cabin::Business),
    ("la premiere", Cabin::First),
    ("premiere", Cabin::First),
    ("primera", Cabin::First),
    ("erste", Cabin::First),
    ("residence", Cabin::First),
    ("world traveller", Cabin::Economy),
    ("euro traveller", Cabin::Economy),
    ("main cabin", Cabin::Economy),
    ("comfort+", Cabin::Economy),
    ("turista", Cabin::Economy),
    ("economica", Cabin::Economy),
    ("economique", Cabin::Economy),
    ("economico", Cabin::Economy),
    ("ekonomi", Cabin::Economy),
    ("bisnis", Cabin::Business),
    ("kelas utama", Cabin::First),
    // Other languages' words and scripts ("Biznes / Бизнес", "经济舱", "ビジネス").
    ("biznes", Cabin::Business),
    ("бизнес", Cabin::Business),
    ("ekonom", Cabin::Economy),
    ("ekonomik", Cabin::Economy),
    ("эконом", Cabin::Economy),
    ("primeira", Cabin::First),
    ("经济舱", Cabin::Economy),
    ("經濟艙", Cabin::Economy),
    ("商务舱", Cabin::Business),
    ("商務艙", Cabin::Business),
    ("公务舱", Cabin::Business),
    ("头等舱", Cabin::First),
    ("頭等艙", Cabin::First),
    ("エコノミー", Cabin::Economy),
    ("ビジネス", Cabin::Business),
    ("ファースト", Cabin::First),
    ("일반석", Cabin::Economy),
    ("비즈니스", Cabin::Business),
    ("일등석", Cabin::First),
    // Airlines' cabin brands.
    ("sas go", Cabin::Economy),
    ("sas plus", Cabin::PremiumEconomy),
    ("royal silk", Cabin::Business),
    ("royal laurel", Cabin::Business),
    ("elite class", Cabin::PremiumEconomy),
    ("clase premier", Cabin::Business),
    ("cloud nine", Cabin::Business),
];

/// Cabin brands a traveller may name instead of a cabin ("a Delta One award", "Club World
/// to Madrid"), with the airline whose brand it is where only one airline uses it.
pub const CABIN_BRANDS: &[(&str, Cabin, Option<&str>)] = &[
    ("delta one", Cabin::Business, Some("DL")),
    ("delta premium select", Cabin::PremiumEconomy, Some("DL")),
    ("comfort+", Cabin::Economy, Some("DL")),
    ("main cabin", Cabin::Economy, None),
    ("club world", Cabin::Business, Some("BA")),
    ("club europe", Cabin::Business, Some("BA")),
    ("club suite", Cabin::Business, Some("BA")),
    ("world traveller plus", Cabin::PremiumEconomy, Some("BA")),
    ("world traveller", Cabin::Economy, Some("BA")),
    ("euro traveller", Cabin::Economy, Some("BA")),
    ("polaris", Cabin::Business, Some("UA")),
    ("upper class", Cabin::Business, Some("VS")),
    ("qsuite", Cabin::Business, Some("QR")),
    ("the residence", Cabin::First, Some("EY")),
    ("sas go light", Cabin::Economy, Some("SK")),
    ("sas go", Cabin::Economy, Some("SK")),
    ("sas plus", Cabin::PremiumEconomy, Some("SK")),
    ("sas business", Cabin::Business, Some("SK")),
    ("executive", Cabin::Business, Some("TP")),
    ("clase premier", Cabin::Business, Some("AM")),
    ("royal first", Cabin::First, Some("TG")),
    ("royal silk", Cabin::Business, Some("TG")),
    ("royal laurel", Cabin::Business, Some("BR")),
    ("premium laurel", Cabin::Business, Some("BR")),
    ("elite class", Cabin::PremiumEconomy, Some("BR")),
    ("premium comfort", Cabin::PremiumEconomy, Some("KL")),
    ("world business class", Cabin::Business, Some("KL")),
    ("la premiere", Cabin::First, Some("AF")),
    ("la première", Cabin::First, Some("AF")),
    ("cloud nine", Cabin::Business, Some("ET")),
    ("prestige class", Cabin::Business, Some("KE")),
    ("united premium plus", Cabin::PremiumEconomy, Some("UA")),
    ("crown class", Cabin::Business, Some("RJ")),
    ("mabuhay class", Cabin::Business, Some("PR")),
    ("premier world", Cabin::Business, Some("KQ")),
    ("economy x", Cabin::Economy, Some("VA")),
    ("saga premium", Cabin::Business, Some("FI")),
    ("cedar class", Cabin::Business, Some("ME")),
    ("business premier", Cabin::Business, Some("NZ")),
];

/// How much a fare class earns on an operating airline, credited to a program.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarningRule {
    /// Program id.
    pub program: String,
    /// IATA code of the operating airline.
    pub operating_airline: String,
    /// Booking codes (one letter each).
    pub fare_classes: Vec<String>,
    /// The cabin they book.
    pub cabin: Cabin,
    /// Percentage of the distance flown; 0 = not eligible.
    pub percent: f64,
    /// The least an eligible flight earns, when the document states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_miles: Option<u32>,
    /// Origin of the fact.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// The price of a one-way award between two zones in a cabin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AwardRule {
    /// Program id.
    pub program: String,
    /// Zone of departure.
    pub from_zone: String,
    /// Zone of arrival (charts are symmetric).
    pub to_zone: String,
    /// Cabin.
    pub cabin: Cabin,
    /// Miles (or points) one way, per passenger.
    pub miles_one_way: u64,
    /// Origin of the fact.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// A program's award zone and the countries in it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    /// Program id.
    pub program: String,
    /// Zone name as the chart writes it.
    pub zone: String,
    /// ISO 3166-1 alpha-2 countries.
    pub countries: Vec<String>,
    /// Region words that mean this zone ("Europe", "Middle East").
    #[serde(default)]
    pub regions: Vec<String>,
    /// Other names of the zone ("Zone 1").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Origin of the fact.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// An elite status tier.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusTier {
    /// Program id.
    pub program: String,
    /// Tier name.
    pub name: String,
    /// 1 = lowest.
    pub rank: u32,
    /// What it takes to qualify.
    pub threshold: u64,
    /// In what (`PQP`, `SQM`, `status miles`, …).
    pub threshold_unit: String,
    /// The alliance tier it matches, if any.
    #[serde(default)]
    pub alliance_status: Option<String>,
    /// Origin of the fact.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// When a program's miles expire.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ExpiryRule {
    /// Program id.
    pub program: String,
    /// Whether miles expire at all.
    pub expires: bool,
    /// Months without activity after which they expire.
    #[serde(default)]
    pub inactivity_months: Option<u32>,
    /// Months after earning after which they expire regardless of activity.
    #[serde(default)]
    pub validity_months: Option<u32>,
    /// The rule in plain words.
    pub text: String,
    /// Origin of the fact.
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// Everything extracted from one document (or exported from the graph).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// Programs.
    #[serde(default)]
    pub programs: Vec<Program>,
    /// Airlines.
    #[serde(default)]
    pub airlines: Vec<Airline>,
    /// Alliances.
    #[serde(default)]
    pub alliances: Vec<Alliance>,
    /// Alliance memberships.
    #[serde(default)]
    pub memberships: Vec<Membership>,
    /// Earning rules.
    #[serde(default)]
    pub earning_rules: Vec<EarningRule>,
    /// Award chart entries.
    #[serde(default)]
    pub award_rules: Vec<AwardRule>,
    /// Award zones.
    #[serde(default)]
    pub zones: Vec<Zone>,
    /// Status tiers.
    #[serde(default)]
    pub status_tiers: Vec<StatusTier>,
    /// Expiry rules.
    #[serde(default)]
    pub expiry_rules: Vec<ExpiryRule>,
}

impl Facts {
    /// How many facts of every kind together.
    pub fn len(&self) -> usize {
        self.programs.len()
            + self.airlines.len()
            + self.alliances.len()
            + self.memberships.len()
            + self.earning_rules.len()
            + self.award_rules.len()
            + self.zones.len()
            + self.status_tiers.len()
            + self.expiry_rules.len()
    }

    /// Whether there are no facts at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cabins_parse_as_documents_write_them() {
        for (text, cabin) in [
            ("Premium Econ.", Some(Cabin::PremiumEconomy)),
            ("premium_economy", Some(Cabin::PremiumEconomy)),
            ("Economy", Some(Cabin::Economy)),
            ("Business Class", Some(Cabin::Business)),
            ("FIRST", Some(Cabin::First)),
            ("Points earned", None),
            ("Polaris", Some(Cabin::Business)),
            ("Club Europe", Some(Cabin::Business)),
            ("Premium Select", Some(Cabin::PremiumEconomy)),
            ("Economy Light", Some(Cabin::Economy)),
            ("Business Suite", Some(Cabin::Business)),
            ("Upper Class", Some(Cabin::Business)),
            ("La Première", Some(Cabin::First)),
            ("Clase Turista", Some(Cabin::Economy)),
            ("Executive", Some(Cabin::Business)),
            ("Executive Club", None),
            ("Executive Platinum", None),
            ("Lotus Executive", None),
            ("SAS Go Light", Some(Cabin::Economy)),
            ("Premium Laurel Class", Some(Cabin::Business)),
        ] {
            assert_eq!(Cabin::parse(text), cabin, "{text}");
        }
    }

    #[test]
    fn facts_read_the_samples_field_names() {
        let json = r#"{"program": "p", "operating_airline": "LH", "fare_classes": ["F"],
            "cabin": "first", "percent": 150, "min_miles": 500}"#;
        let rule: EarningRule = serde_json::from_str(json).unwrap();
        assert_eq!(rule.cabin, Cabin::First);
        assert_eq!(rule.min_miles, Some(500));
        assert_eq!(rule.provenance, Provenance::default());
    }
}
