//! Receipts: which rules and which input produced a result, so any score can be reproduced.

use sha2::{Digest, Sha256};

/// `sha256:` and the lowercase hex digest.
pub fn finish(hasher: Sha256) -> String {
    let digest = hasher.finalize();
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest.iter() {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// `sha256:…` of some bytes.
pub fn sha256(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    finish(hasher)
}

/// The first 12 hex digits, for one-line displays.
pub fn short(hash: &str) -> &str {
    hash.get(..19).unwrap_or(hash)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_digest() {
        assert_eq!(
            super::sha256(&[b"abc"]),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
