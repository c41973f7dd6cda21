//! The fleet map's arithmetic: how fresh a device's latest fix is, and which
//! devices share a cluster at a zoom level. Pure, so it is tested natively.

use std::collections::HashMap;

use super::{LatLng, Timestamp};

/// How old a device's latest fix is, for the marker's colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Freshness {
    /// Under an hour old.
    Fresh,
    /// Under a day old.
    Today,
    Older,
    /// The device has reported no usable fix.
    NoFix,
}

impl Freshness {
    pub const ALL: [Freshness; 4] = [
        Freshness::Fresh,
        Freshness::Today,
        Freshness::Older,
        Freshness::NoFix,
    ];

    pub fn of(now: Timestamp, fix: Option<Timestamp>) -> Self {
        const HOUR: i64 = 3_600_000;
        match fix.map(|t| now.0 - t.0) {
            None => Freshness::NoFix,
            Some(age) if age < HOUR => Freshness::Fresh,
            Some(age) if age < 24 * HOUR => Freshness::Today,
            Some(_) => Freshness::Older,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Freshness::Fresh => "Within the hour",
            Freshness::Today => "Within 24 hours",
            Freshness::Older => "Older",
            Freshness::NoFix => "No fix",
        }
    }

    /// For CSS classes (`fresh-today`).
    pub fn key(self) -> &'static str {
        match self {
            Freshness::Fresh => "fresh",
            Freshness::Today => "today",
            Freshness::Older => "older",
            Freshness::NoFix => "none",
        }
    }
}

/// Web Mercator pixel coordinates at `zoom` with 256-pixel tiles, as Leaflet
/// projects them.
pub fn project(p: LatLng, zoom: f64) -> (f64, f64) {
    let size = 256.0 * 2f64.powf(zoom);
    // Leaflet clamps latitude to the Mercator limit.
    let lat = p.lat.clamp(-85.051_128_78, 85.051_128_78).to_radians();
    let x = (p.lng + 180.0) / 360.0 * size;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * size;
    (x, y)
}

/// Points that share a cluster, and where to draw it.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Indexes into the points given, in their order.
    pub members: Vec<usize>,
    /// The members' mean position.
    pub centre: LatLng,
}

/// Groups points whose positions at `zoom` fall in the same `cell`-pixel
/// square. Clusters come out in the order of their first member.
pub fn cluster(points: &[LatLng], zoom: f64, cell: f64) -> Vec<Cluster> {
    let mut cells: HashMap<(i64, i64), usize> = HashMap::new();
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let (x, y) = project(*p, zoom);
        let key = ((x / cell).floor() as i64, (y / cell).floor() as i64);
        let slot = *cells.entry(key).or_insert_with(|| {
            clusters.push(Vec::new());
            clusters.len() - 1
        });
        clusters[slot].push(i);
    }
    clusters
        .into_iter()
        .map(|members| {
            let n = members.len() as f64;
            let (lat, lng) = members.iter().fold((0.0, 0.0), |(a, b), &i| {
                (a + points[i].lat, b + points[i].lng)
            });
            Cluster {
                members,
                centre: LatLng {
                    lat: lat / n,
                    lng: lng / n,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lng: f64) -> LatLng {
        LatLng { lat, lng }
    }

    #[test]
    fn freshness_buckets() {
        let now = Timestamp(100 * 3_600_000);
        let ago = |h: f64| Some(Timestamp(now.0 - (h * 3_600_000.0) as i64));
        assert_eq!(Freshness::of(now, ago(0.5)), Freshness::Fresh);
        assert_eq!(Freshness::of(now, ago(5.0)), Freshness::Today);
        assert_eq!(Freshness::of(now, ago(30.0)), Freshness::Older);
        assert_eq!(Freshness::of(now, None), Freshness::NoFix);
    }

    #[test]
    fn projection_matches_leaflet() {
        // Leaflet: map.project([0, 0], 0) = (128, 128); [51.5, -0.12] at 10 ≈ (130984, 87177).
        assert_eq!(project(at(0.0, 0.0), 0.0), (128.0, 128.0));
        let (x, y) = project(at(51.5, -0.12), 10.0);
        assert!((x - 130_984.4).abs() < 1.0, "{x}");
        assert!((y - 87_176.6).abs() < 2.0, "{y}");
    }

    #[test]
    fn near_points_cluster_until_zoomed_in() {
        let points = [at(51.5, -0.12), at(51.5001, -0.1201), at(48.85, 2.35)];
        let far = cluster(&points, 5.0, 60.0);
        assert_eq!(far.len(), 2);
        assert_eq!(far[0].members, vec![0, 1]);
        assert!((far[0].centre.lat - 51.50005).abs() < 1e-9);
        assert_eq!(far[1].members, vec![2]);
        let near = cluster(&points, 19.0, 60.0);
        assert_eq!(near.len(), 3);
        assert!(cluster(&[], 3.0, 60.0).is_empty());
    }
}
