//! The stylesheet and script, embedded in the binary and served under `/assets/`.
//!
//! Pages link each asset with its version (`?v=`, a hash of its bytes), so a browser may keep
//! it for a year: a new binary with other bytes links another URL. An asset asked for
//! without the current version is cached briefly, and `ETag` lets a browser revalidate.

use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// One embedded file.
pub struct Asset {
    /// Its name under `/assets/`.
    pub name: &'static str,
    /// Its media type.
    pub content_type: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
}

/// The web app's stylesheet.
pub const CSS: Asset = Asset {
    name: "tandem.css",
    content_type: "text/css; charset=utf-8",
    bytes: include_bytes!("../../assets/tandem.css"),
};

/// The web app's script: progressive enhancement only, every page works without it.
pub const JS: Asset = Asset {
    name: "tandem.js",
    content_type: "text/javascript; charset=utf-8",
    bytes: include_bytes!("../../assets/tandem.js"),
};

const ALL: [&Asset; 2] = [&CSS, &JS];

impl Asset {
    /// A short hash of the bytes: the asset's version.
    pub fn version(&self) -> &'static str {
        static VERSIONS: LazyLock<[String; 2]> = LazyLock::new(|| ALL.map(fingerprint));
        let at = ALL.iter().position(|a| a.name == self.name).unwrap_or(0);
        &VERSIONS[at]
    }

    /// The URL pages link: path and version.
    pub fn url(&self) -> String {
        format!("/assets/{}?v={}", self.name, self.version())
    }
}

/// FNV-1a over the bytes (stable across builds and platforms, unlike std's hasher), as hex.
fn fingerprint(asset: &Asset) -> String {
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for b in bytes {
                self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    asset.bytes.hash(&mut hasher);
    format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

/// The query of an asset request.
#[derive(Debug, Default, Deserialize)]
pub struct AssetQuery {
    /// The version the page linked.
    v: Option<String>,
}

/// `GET /assets/{name}`: an embedded file, with cache headers; 404 for any other name.
pub async fn asset(
    Path(name): Path<String>,
    Query(query): Query<AssetQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(asset) = ALL.into_iter().find(|a| a.name == name) else {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "no such asset",
        )
            .into_response();
    };
    let etag = format!("\"{}\"", asset.version());
    let cache = if query.v.as_deref() == Some(asset.version()) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    let cache_headers = [
        (header::ETAG, HeaderValue::from_str(&etag).expect("hex")),
        (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
    ];
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    if unchanged {
        return (StatusCode::NOT_MODIFIED, cache_headers).into_response();
    }
    (
        cache_headers,
        [(header::CONTENT_TYPE, asset.content_type)],
        asset.bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_short_hex_and_differ_between_assets() {
        assert_eq!(CSS.version().len(), 12);
        assert!(CSS.version().chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(CSS.version(), JS.version());
        assert_eq!(JS.url(), format!("/assets/tandem.js?v={}", JS.version()));
    }
}
