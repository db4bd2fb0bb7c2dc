//! Great-circle distance between airports: haversine on a sphere of radius 3,958.8 statute
//! miles, with the coordinates of the reference airports (from `airportsdata`).

use crate::reference::{self, AirportRef};

use super::Error;

/// The Earth's mean radius in statute miles.
pub const EARTH_RADIUS_MILES: f64 = 3958.8;

/// Haversine distance in statute miles between two points given in degrees.
pub fn great_circle_miles((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let delta_phi = phi2 - phi1;
    let delta_lambda = (lon2 - lon1).to_radians();
    let h = (delta_phi / 2.0).sin().powi(2)
        + phi1.cos() * phi2.cos() * (delta_lambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_MILES * h.sqrt().asin()
}

/// Rounds half up, as the programs' charts do (`Decimal.quantize(ROUND_HALF_UP)`): for the
/// non-negative values here this is `f64::round`.
pub fn round_half_up(value: f64) -> u64 {
    value.max(0.0).round() as u64
}

/// The reference airports of `codes`, in order; every unknown code is named in the error.
pub fn airports<'a>(
    codes: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<&'static AirportRef>, Error> {
    let mut found = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for code in codes {
        match reference::airport(code.trim()) {
            Some(airport) => found.push(airport),
            None => {
                let code = code.trim().to_uppercase();
                if !unknown.contains(&code) {
                    unknown.push(code);
                }
            }
        }
    }
    if unknown.is_empty() {
        Ok(found)
    } else {
        Err(Error::UnknownAirports(unknown))
    }
}

/// Miles between two reference airports.
pub fn between(from: &AirportRef, to: &AirportRef) -> f64 {
    great_circle_miles((from.lat, from.lon), (to.lat, to.lon))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn miles(from: &str, to: &str) -> u64 {
        let found = airports([from, to]).unwrap();
        round_half_up(between(found[0], found[1]))
    }

    #[test]
    fn distances_match_hand_computed_haversine() {
        // A quarter of the equator: π/2 × 3958.8 = 6218.47 mi.
        let quarter = great_circle_miles((0.0, 0.0), (0.0, 90.0));
        assert!((quarter - 6218.47).abs() < 0.01, "{quarter}");
        assert_eq!(great_circle_miles((10.0, 20.0), (10.0, 20.0)), 0.0);
        // The samples' expected distances (compute_expected.py with airportsdata).
        assert_eq!(miles("FRA", "JFK"), 3845);
        assert_eq!(miles("FRA", "MUC"), 187);
        assert_eq!(miles("IST", "ORD"), 5460);
        assert_eq!(miles("SFO", "YVR"), 801);
        assert_eq!(miles("ESB", "IST"), 236);
        assert_eq!(miles("JFK", "IST"), 4988);
    }

    #[test]
    fn rounds_half_up_and_names_unknown_codes() {
        assert_eq!(round_half_up(140.25), 140);
        assert_eq!(round_half_up(4806.25), 4806);
        assert_eq!(round_half_up(2.5), 3);
        assert_eq!(round_half_up(4657.5), 4658);
        let error = airports(["FRA", "xqz", "QQQ"]).unwrap_err();
        assert!(matches!(&error, Error::UnknownAirports(codes) if codes == &["XQZ", "QQQ"]));
        assert!(error.to_string().contains("XQZ"));
    }
}
