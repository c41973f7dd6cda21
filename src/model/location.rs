use super::{DecodeError, Extra, Fields, Item, Timestamp};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLng {
    pub lat: f64,
    pub lng: f64,
}

impl LatLng {
    /// Only real coordinates: a missing or out-of-range value is never drawn at 0,0.
    pub fn new(lat: Option<f64>, lng: Option<f64>) -> Option<Self> {
        let (lat, lng) = (lat?, lng?);
        ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng))
            .then_some(LatLng { lat, lng })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    pub id: String,
    pub device_id: String,
    /// `None` when the server sent no usable coordinates.
    pub position: Option<LatLng>,
    /// Metres.
    pub accuracy: Option<f64>,
    pub timestamp: Option<Timestamp>,
    /// The coordinates as the server wrote them, to say why a fix was skipped.
    pub raw_coordinates: String,
    pub extra: Vec<Extra>,
}

const ID: &[&str] = &["id", "locationid", "devicelocationid"];
const DEVICE: &[&str] = &["deviceid", "device"];
const LAT: &[&str] = &["latitude", "lat"];
const LNG: &[&str] = &["longitude", "lng", "lon", "long"];
const ACCURACY: &[&str] = &["accuracy", "horizontalaccuracy", "acc"];
const TIME: &[&str] = &["timestamp", "time", "recordedat", "date"];

impl Item for Location {
    const KIND: &'static str = "location";

    fn from_fields(f: &Fields) -> Result<Self, DecodeError> {
        let known: Vec<&str> = [ID, DEVICE, LAT, LNG, ACCURACY, TIME].concat();
        Ok(Location {
            // A fix is identified by its place in the track when the server sends no id.
            id: f.id(ID).unwrap_or_default(),
            device_id: f.id(DEVICE).unwrap_or_default(),
            position: LatLng::new(f.number(LAT), f.number(LNG)),
            accuracy: f.number(ACCURACY).filter(|a| *a >= 0.0),
            timestamp: f.time(TIME),
            raw_coordinates: format!(
                "{}, {}",
                f.text(LAT).unwrap_or_else(|| "none".into()),
                f.text(LNG).unwrap_or_else(|| "none".into())
            ),
            extra: f.extras(&known),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn coordinate_spellings_and_strings() {
        for v in [
            json!({"latitude": 51.5, "longitude": -0.12}),
            json!({"lat": "51.5", "lng": "-0.12"}),
            json!({"Lat": 51.5, "lon": -0.12}),
            json!({"LATITUDE": "51.5", "long": -0.12}),
        ] {
            let l = Location::from_json(&v).unwrap();
            assert_eq!(
                l.position,
                Some(LatLng {
                    lat: 51.5,
                    lng: -0.12
                }),
                "{v}"
            );
        }
    }

    #[test]
    fn bad_coordinates_are_skipped_not_zero() {
        for v in [
            json!({"latitude": 95, "longitude": 0}),
            json!({"latitude": 10, "longitude": 181}),
            json!({"latitude": "north", "longitude": 3}),
            json!({"longitude": 3}),
            json!({}),
        ] {
            assert_eq!(Location::from_json(&v).unwrap().position, None, "{v}");
        }
    }
}
