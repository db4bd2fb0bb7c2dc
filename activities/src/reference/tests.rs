use super::*;

fn codes(found: &[(usize, &'static AirlineRef)]) -> Vec<&'static str> {
    found.iter().map(|(_, a)| a.iata.as_str()).collect()
}

fn ids(found: &[(usize, &'static ProgramRef)]) -> Vec<&'static str> {
    found.iter().map(|(_, p)| p.id.as_str()).collect()
}

// ---------------------------------------------------------------- data integrity

#[test]
fn tables_load_and_are_consistent() {
    let airlines = &AIRLINES.list;
    assert!(airlines.len() >= 120, "{} airlines", airlines.len());
    for a in airlines {
        assert_eq!(a.iata.len(), 2, "{a:?}");
        assert!(country_name(&a.country).is_some(), "country of {a:?}");
        if let Some(al) = &a.alliance {
            assert!(alliances().contains(&al.as_str()), "{a:?}");
        }
    }
    let star = airlines
        .iter()
        .filter(|a| a.alliance.as_deref() == Some("Star Alliance"))
        .count();
    assert_eq!(star, 25);
    let programs = &PROGRAMS.list;
    assert!(programs.len() >= 60, "{} programs", programs.len());
    for p in programs {
        assert!(airline(&p.operator_airline).is_some(), "operator of {p:?}");
        assert_eq!(p.currency, p.currency.to_lowercase());
        assert!(!p.id.is_empty() && p.id == p.id.to_lowercase());
    }
    assert_eq!(COUNTRIES.list.len(), 249);
    assert!(AIRPORTS.list.len() > 7000);
}

#[test]
fn country_names_and_aliases_do_not_collide() {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for c in &COUNTRIES.list {
        for n in std::iter::once(&c.name).chain(&c.aliases) {
            let key = compact(n, true);
            if let Some(other) = seen.insert(key.clone(), &c.iso2) {
                assert_eq!(other, c.iso2, "{n:?} names two countries");
            }
        }
    }
}

#[test]
fn airline_and_program_names_do_not_collide() {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for a in &AIRLINES.list {
        for n in std::iter::once(&a.name).chain(&a.aliases) {
            if let Some(other) = seen.insert(compact(n, false), &a.iata) {
                assert_eq!(other, a.iata, "{n:?} names two airlines");
            }
        }
    }
    let mut seen: HashMap<String, &str> = HashMap::new();
    for p in &PROGRAMS.list {
        for n in std::iter::once(&p.name).chain(&p.aliases) {
            if let Some(other) = seen.insert(compact(n, false), &p.id) {
                assert_eq!(other, p.id, "{n:?} names two programs");
            }
        }
    }
}

// ---------------------------------------------------------------- airlines

#[test]
fn airline_by_code() {
    let lh = airline("LH").expect("LH");
    assert_eq!(lh.name, "Lufthansa");
    assert_eq!(lh.country, "DE");
    assert_eq!(lh.alliance.as_deref(), Some("Star Alliance"));
    assert!(lh.aliases.contains(&"Deutsche Lufthansa".to_string()));
    assert_eq!(airline("lx").map(|a| a.name.as_str()), Some("SWISS"));
    assert_eq!(airline(" nh ").map(|a| a.name.as_str()), Some("ANA"));
    assert_eq!(airline("UA").map(|a| a.country.as_str()), Some("US"));
    assert_eq!(
        airline("TK").and_then(|a| a.alliance.as_deref()),
        Some("Star Alliance")
    );
    assert_eq!(
        airline("AS").and_then(|a| a.alliance.as_deref()),
        Some("oneworld")
    );
    assert_eq!(
        airline("AM").and_then(|a| a.alliance.as_deref()),
        Some("SkyTeam")
    );
    assert_eq!(airline("EK").and_then(|a| a.alliance.as_deref()), None);
    assert!(airline("ZZ").is_none());
    assert!(airline("").is_none());
}

#[test]
fn airline_by_its_names() {
    let name = |n: &str| airline_by_name(n).map(|a| a.iata.as_str());
    assert_eq!(name("Lufthansa"), Some("LH"));
    assert_eq!(name("Deutsche Lufthansa"), Some("LH"));
    assert_eq!(name("ANA (All Nippon Airways)"), Some("NH"));
    assert_eq!(name("all nippon airways"), Some("NH"));
    assert_eq!(name("Swiss International Air Lines"), Some("LX"));
    assert_eq!(name("SWISS"), Some("LX"));
    assert_eq!(name("United Airlines"), Some("UA"));
    assert_eq!(name("united"), Some("UA"));
    assert_eq!(name("THY"), Some("TK"));
    assert_eq!(name("Turkish Airlines."), Some("TK"));
    assert_eq!(name("KLM Royal Dutch Airlines"), Some("KL"));
    assert_eq!(name("Aeromexico"), Some("AM"));
    assert_eq!(name("Aeroméxico"), Some("AM"));
    assert_eq!(name("Air Canada"), Some("AC"));
    assert_eq!(name("air  canada"), Some("AC"));
    assert_eq!(name("Nowhere Air"), None);
    assert_eq!(name(""), None);
}

#[test]
fn airlines_in_sample_text() {
    let html = "United Airlines (UA) is a member of Star Alliance. Lufthansa (LH) — Star \
                Alliance member. Turkish Airlines (TK) — Star Alliance member. ANA (NH) — Star \
                Alliance member.";
    let found = airlines_in(html);
    assert_eq!(codes(&found), ["UA", "LH", "TK", "NH"]);
    assert_eq!(found[0].0, 0);
    assert_eq!(&html[found[1].0..found[1].0 + 9], "Lufthansa");

    let pdf = "Partner earning on United Airlines, Lufthansa, SWISS (LX) and Turkish Airlines.";
    assert_eq!(codes(&airlines_in(pdf)), ["UA", "LH", "LX", "TK"]);

    let txt = "Miles&Smiles is the frequent flyer programme of Turkish Airlines (TK).";
    assert_eq!(codes(&airlines_in(txt)), ["TK"]);

    let ana = "Flights operated by ANA (All Nippon Airways) earn miles.";
    assert_eq!(codes(&airlines_in(ana)), ["NH"]);
}

#[test]
fn airlines_in_longest_match_and_codes() {
    // Longest name wins.
    let found = airlines_in("Book Turkish Airlines or Air India Express flights.");
    assert_eq!(codes(&found), ["TK", "IX"]);
    // A code alone in parentheses.
    assert_eq!(
        codes(&airlines_in("Partner (LH) and partner (LX, OS).")),
        ["LH", "LX", "OS"]
    );
    // An unknown name before a known code.
    assert_eq!(codes(&airlines_in("Acme Wings (SQ)")), ["SQ"]);
    // Bare codes in running text are never airlines.
    assert!(airlines_in("Fare classes LH, UA and NH earn 100%. Class Y.").is_empty());
    // Countries and regions are not airlines.
    assert!(airlines_in("Travel from the United States to the United Arab Emirates.").is_empty());
    assert!(airlines_in("Flights within the United Kingdom (UK) and Germany (DE).").is_empty());
    // Codes that are also common abbreviations need an airline word before them.
    assert!(airlines_in("Assistants powered by (AI) and sent at 9 (PM).").is_empty());
    assert_eq!(codes(&airlines_in("Partner airlines (AI)")), ["AI"]);
    assert_eq!(codes(&airlines_in("Air India (AI)")), ["AI"]);
    // Short acronyms only in capitals; ordinary words only capitalised.
    assert!(airlines_in("a lot of tap water on the delta of the river").is_empty());
    assert_eq!(
        codes(&airlines_in("LOT and TAP and Delta")),
        ["LO", "TP", "DL"]
    );
    // Case-insensitive for proper names.
    assert_eq!(codes(&airlines_in("LUFTHANSA and lufthansa")), ["LH", "LH"]);
    assert_eq!(
        codes(&airlines_in("Emirates, Etihad and Virgin Atlantic")),
        ["EK", "EY", "VS"]
    );
}

// ---------------------------------------------------------------- programs

#[test]
fn program_by_id() {
    let ua = program("united_mileageplus").expect("united_mileageplus");
    assert_eq!(ua.name, "United MileagePlus");
    assert_eq!(ua.operator_airline, "UA");
    assert_eq!(ua.currency, "miles");
    assert_eq!(ua.aliases, ["MileagePlus", "United"]);
    let ac = program("aeroplan").expect("aeroplan");
    assert_eq!(ac.operator_airline, "AC");
    assert_eq!(ac.currency, "points");
    assert_eq!(ac.aliases, ["Air Canada Aeroplan"]);
    let tk = program("turkish_milesandsmiles").expect("turkish_milesandsmiles");
    assert_eq!(tk.name, "Miles&Smiles");
    assert_eq!(tk.operator_airline, "TK");
    assert_eq!(
        program("british_airways_executive_club").map(|p| p.currency.as_str()),
        Some("avios")
    );
    assert!(program("nope").is_none());
}

#[test]
fn programs_in_text() {
    for text in [
        "Miles&Smiles",
        "Miles & Smiles",
        "Miles and Smiles",
        "miles and smiles",
        "Turkish Airlines Miles&Smiles",
    ] {
        let found = programs_in(text);
        assert_eq!(ids(&found), ["turkish_milesandsmiles"], "{text}");
        assert_eq!(found[0].0, 0);
    }
    assert_eq!(
        ids(&programs_in(
            "Earn MileagePlus miles on Star Alliance partners"
        )),
        ["united_mileageplus"]
    );
    assert_eq!(
        ids(&programs_in("Earning United MileagePlus miles")),
        ["united_mileageplus"]
    );
    assert_eq!(
        ids(&programs_in("Credit to United, or to Air Canada Aeroplan.")),
        ["united_mileageplus", "aeroplan"]
    );
    assert_eq!(ids(&programs_in("Aeroplan points")), ["aeroplan"]);
    // "United" inside longer names is not MileagePlus.
    for text in [
        "United Airlines (UA) is a member of Star Alliance.",
        "Flights in the United States and the United Kingdom.",
        "Dubai, United Arab Emirates",
    ] {
        assert!(programs_in(text).is_empty(), "{text}");
    }
    assert_eq!(
        ids(&programs_in("United Airlines MileagePlus")),
        ["united_mileageplus"]
    );
    // Other programs, names with accents and spacing variants.
    assert_eq!(
        ids(&programs_in(
            "Miles & More, Flying Blue, AAdvantage, Delta SkyMiles and Aeromexico Rewards"
        )),
        [
            "lufthansa_milesandmore",
            "air_france_klm_flying_blue",
            "american_aadvantage",
            "delta_skymiles",
            "aeromexico_rewards"
        ]
    );
    assert_eq!(ids(&programs_in("Mileage Plus")), ["united_mileageplus"]);
    // "S miles" is not Smiles; "Smiles" inside "Miles&Smiles" is not GOL's program.
    assert!(programs_in("Class S miles are credited").is_empty());
}

// ---------------------------------------------------------------- countries

#[test]
fn country_codes() {
    assert_eq!(country_code("Germany"), Some("DE"));
    assert_eq!(country_code("the Netherlands"), Some("NL"));
    assert_eq!(country_code("The Netherlands."), Some("NL"));
    assert_eq!(country_code("Holland"), Some("NL"));
    assert_eq!(country_code("United  Kingdom"), Some("GB"));
    assert_eq!(country_code("UK"), Some("GB"));
    assert_eq!(country_code("england"), Some("GB"));
    assert_eq!(country_code("USA"), Some("US"));
    assert_eq!(country_code("United States of America"), Some("US"));
    assert_eq!(country_code("Korea, Republic of"), Some("KR"));
    assert_eq!(country_code("South Korea"), Some("KR"));
    assert_eq!(country_code("Turkey"), Some("TR"));
    assert_eq!(country_code("Türkiye"), Some("TR"));
    assert_eq!(country_code("UAE"), Some("AE"));
    assert_eq!(country_code("Czech Republic"), Some("CZ"));
    assert_eq!(country_code("Ivory Coast"), Some("CI"));
    assert_eq!(country_code("Côte d'Ivoire"), Some("CI"));
    assert_eq!(country_code("Cote d’Ivoire"), Some("CI"));
    assert_eq!(country_code("Russia"), Some("RU"));
    assert_eq!(country_code("Vietnam"), Some("VN"));
    assert_eq!(country_code("Hong Kong"), Some("HK"));
    assert_eq!(country_code("Macau"), Some("MO"));
    assert_eq!(country_code("Cape Verde"), Some("CV"));
    assert_eq!(country_code("Swaziland"), Some("SZ"));
    assert_eq!(country_code("Vatican"), Some("VA"));
    assert_eq!(country_code("Ger many"), Some("DE"));
    assert_eq!(country_code("  Egypt ;"), Some("EG"));
    assert_eq!(country_code("DE"), Some("DE"));
    assert_eq!(country_code("Europe"), None);
    assert_eq!(country_code(""), None);
}

#[test]
fn country_names() {
    assert_eq!(country_name("GB"), Some("United Kingdom"));
    assert_eq!(country_name("us"), Some("United States"));
    assert_eq!(country_name("KR"), Some("South Korea"));
    assert_eq!(country_name("TR"), Some("Türkiye"));
    assert_eq!(country_name("XX"), None);
}

#[test]
fn country_lists() {
    let (codes, rest) = countries_in_list(
        "Germany, France, United Kingdom, Switzerland, Austria, Italy, Spain, Netherlands, \
         Belgium, Ireland, Portugal, Denmark, Sweden, Norway, Turkey, United Arab Emirates, \
         Israel, Egypt, Morocco.",
    );
    assert_eq!(
        codes,
        [
            "DE", "FR", "GB", "CH", "AT", "IT", "ES", "NL", "BE", "IE", "PT", "DK", "SE", "NO",
            "TR", "AE", "IL", "EG", "MA"
        ]
    );
    assert!(rest.is_empty(), "{rest:?}");

    let (codes, rest) = countries_in_list("Germany, France, United Kingdom and Italy.");
    assert_eq!(codes, ["DE", "FR", "GB", "IT"]);
    assert!(rest.is_empty());

    assert_eq!(countries_in_list("United States, Canada").0, ["US", "CA"]);
    assert_eq!(
        countries_in_list("Mexico, Guatemala, Costa Rica, Panama").0,
        ["MX", "GT", "CR", "PA"]
    );
    assert_eq!(
        countries_in_list("Japan, South Korea, China, Hong Kong, Taiwan").0,
        ["JP", "KR", "CN", "HK", "TW"]
    );

    let (codes, rest) = countries_in_list(
        "Bosnia and Herzegovina, Trinidad and Tobago; Antigua and Barbuda & Saint Kitts and \
         Nevis and Sao Tome and Principe and the Netherlands",
    );
    assert_eq!(codes, ["BA", "TT", "AG", "KN", "ST", "NL"]);
    assert!(rest.is_empty(), "{rest:?}");

    let (codes, rest) = countries_in_list("Europe, Germany & Narnia and South America");
    assert_eq!(codes, ["DE"]);
    assert_eq!(rest, ["Europe", "Narnia", "South America"]);

    let (codes, rest) = countries_in_list("Turkey (domestic)");
    assert_eq!(codes, ["TR"]);
    assert_eq!(rest, ["domestic"]);

    let (codes, _) = countries_in_list("Papua New Guinea, Guinea-Bissau, Guinea, Niger, Nigeria");
    assert_eq!(codes, ["PG", "GW", "GN", "NE", "NG"]);
}

// ---------------------------------------------------------------- airports

#[test]
fn airports() {
    let fra = airport("FRA").expect("FRA");
    assert_eq!(fra.country, "DE");
    assert!((fra.lat - 50.0264).abs() < 1e-9 && (fra.lon - 8.54313).abs() < 1e-9);
    assert_eq!(airport("jfk").map(|a| a.city.as_str()), Some("New York"));
    assert_eq!(airport("IST").map(|a| a.country.as_str()), Some("TR"));
    assert!(airport("QQQ").is_none());

    let london: Vec<&str> = airports_in_city("london")
        .iter()
        .map(|a| a.iata.as_str())
        .collect();
    for code in ["LHR", "LGW", "STN", "LTN", "LCY"] {
        assert!(london.contains(&code), "{code} in {london:?}");
    }
    let istanbul: Vec<&str> = airports_in_city("Istanbul")
        .iter()
        .map(|a| a.iata.as_str())
        .collect();
    assert!(
        istanbul.contains(&"IST") && istanbul.contains(&"SAW"),
        "{istanbul:?}"
    );
    assert!(airports_in_city("Atlantis").is_empty());
    assert!(airports_in_city("").is_empty());
}

// ---------------------------------------------------------------- alliances

#[test]
fn alliance_names() {
    assert_eq!(alliances(), ["Star Alliance", "oneworld", "SkyTeam"]);
    assert_eq!(
        alliance_in("Lufthansa (LH) — Star Alliance member"),
        Some("Star Alliance")
    );
    assert_eq!(
        alliance_in("a STAR ALLIANCE partner"),
        Some("Star Alliance")
    );
    assert_eq!(alliance_in("member of oneworld"), Some("oneworld"));
    assert_eq!(alliance_in("member of One World"), Some("oneworld"));
    assert_eq!(alliance_in("a SkyTeam carrier"), Some("SkyTeam"));
    assert_eq!(alliance_in("a Sky Team carrier"), Some("SkyTeam"));
    assert_eq!(alliance_in("no alliance here, just stars"), None);
}
