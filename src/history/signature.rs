//! Verifying the signature of a commit in-process, against a key ring:
//! SSH signatures (`git` namespace) with `ssh-key`, OpenPGP signatures with
//! rPGP. Every outcome is distinct and carries what a person needs to act on
//! it. Never trusts author or committer fields.

use super::keys::{Key, KeyRing};
pub use super::model::Verdict;
pub(crate) use super::objects::Signed;
use pgp::composed::{Deserializable, DetachedSignature, SignedPublicKey};
use pgp::packet::{Signature, SignatureType};
use pgp::types::KeyDetails;

/// Verifies `signature` (as stored in the commit's `gpgsig` header) over
/// `payload` (the commit object without that header).
pub fn verify(signature: &[u8], payload: &[u8], ring: &KeyRing) -> Verdict {
    verify_in("git", signature, payload, ring)
}

/// [`verify`] for signatures made in the SSH `namespace` (`git` for
/// commits, `isms-approval` for approval statements).
pub fn verify_in(namespace: &str, signature: &[u8], payload: &[u8], ring: &KeyRing) -> Verdict {
    let Ok(text) = std::str::from_utf8(signature) else {
        return Verdict::Bad {
            reason: "the signature is not text".into(),
        };
    };
    let text = text.trim_start();
    if text.starts_with("-----BEGIN SSH SIGNATURE-----") {
        verify_ssh(namespace, text, payload, ring)
    } else if text.starts_with("-----BEGIN PGP SIGNATURE-----") {
        verify_pgp(text, payload, ring)
    } else if text.starts_with("-----BEGIN SIGNED MESSAGE-----") || text.starts_with("-----BEGIN PKCS7-----") {
        Verdict::Unsupported {
            format: "X.509 (gpgsm)".into(),
        }
    } else {
        Verdict::Unsupported {
            format: text.lines().next().unwrap_or("empty").chars().take(40).collect(),
        }
    }
}

fn verify_ssh(namespace: &str, text: &str, payload: &[u8], ring: &KeyRing) -> Verdict {
    let sig = match ssh_key::SshSig::from_pem(text) {
        Ok(sig) => sig,
        Err(e) => {
            return Verdict::Bad {
                reason: format!("unreadable SSH signature: {e}"),
            };
        }
    };
    if sig.namespace() != namespace {
        return Verdict::Bad {
            reason: format!("made for the `{}` namespace, not `{namespace}`", sig.namespace()),
        };
    }
    // As git does: the signature must verify with the key it names, whoever
    // that is; only then does it matter whose key it is.
    let embedded = ssh_key::PublicKey::from(sig.public_key().clone());
    let fingerprint = embedded.fingerprint(ssh_key::HashAlg::Sha256).to_string();
    if let Err(e) = embedded.verify(namespace, payload, &sig) {
        return Verdict::Bad {
            reason: format!("{e} (SSH key {fingerprint})"),
        };
    }
    match ring.ssh_owner(sig.public_key()) {
        Some(entry) => Verdict::Good {
            person: entry.person.clone(),
            key: fingerprint,
        },
        None => Verdict::UnknownKey { key: fingerprint },
    }
}

fn verify_pgp(text: &str, payload: &[u8], ring: &KeyRing) -> Verdict {
    let sig = match DetachedSignature::from_string(text) {
        Ok((sig, _)) => sig,
        Err(e) => {
            return Verdict::Bad {
                reason: format!("unreadable OpenPGP signature: {e}"),
            };
        }
    };
    let issuer_ids: Vec<Vec<u8>> = sig
        .signature
        .issuer_key_id()
        .iter()
        .map(|id| id.as_ref().to_vec())
        .collect();
    let issuer_fprs: Vec<String> = sig
        .signature
        .issuer_fingerprint()
        .iter()
        .map(|f| format!("{f:X}"))
        .collect();
    let matches = |fpr: String, id: &[u8]| issuer_fprs.contains(&fpr) || issuer_ids.iter().any(|i| i == id);

    for entry in &ring.entries {
        let Key::Pgp(cert) = &entry.key else {
            continue;
        };
        let primary_fpr = format!("{:X}", cert.fingerprint());
        if matches(primary_fpr.clone(), cert.legacy_key_id().as_ref()) {
            return judge_pgp(sig.verify(cert.as_ref(), payload), &sig.signature, cert, None, entry);
        }
        for (i, sub) in cert.public_subkeys.iter().enumerate() {
            if matches(format!("{:X}", sub.key.fingerprint()), sub.key.legacy_key_id().as_ref()) {
                return judge_pgp(sig.verify(&sub.key, payload), &sig.signature, cert, Some(i), entry);
            }
        }
    }
    let key = issuer_fprs.first().cloned().or_else(|| {
        issuer_ids
            .first()
            .map(|id| id.iter().map(|b| format!("{b:02X}")).collect::<String>())
    });
    Verdict::UnknownKey {
        key: format!("OpenPGP key {}", key.unwrap_or_else(|| "without issuer".into())),
    }
}

fn judge_pgp(
    verified: pgp::errors::Result<()>,
    sig: &Signature,
    cert: &SignedPublicKey,
    subkey: Option<usize>,
    entry: &super::keys::Entry,
) -> Verdict {
    let key = format!("OpenPGP key {}", entry.key.fingerprint());
    if let Err(e) = verified {
        return Verdict::Bad {
            reason: format!("{e} ({key} of {})", entry.person),
        };
    }
    let person = entry.person.clone();
    let sub = subkey.and_then(|i| cert.public_subkeys.get(i));
    let revoked = !cert.details.revocation_signatures.is_empty()
        || sub.is_some_and(|s| {
            s.signatures
                .iter()
                .any(|b| b.typ() == Some(SignatureType::SubkeyRevocation))
        });
    if revoked {
        return Verdict::Revoked { person, key };
    }
    // Key expiry is relative to the key's creation, from its newest
    // self-signature (binding signature for a subkey).
    let signed_at = sig.created().map(|t| u64::from(t.as_secs())).unwrap_or(0);
    let (created, expiry) = match sub {
        Some(s) => (s.key.created_at(), newest_expiry(&s.signatures)),
        None => (
            cert.created_at(),
            newest_expiry(
                cert.details
                    .users
                    .iter()
                    .flat_map(|u| u.signatures.iter())
                    .chain(cert.details.direct_signatures.iter()),
            ),
        ),
    };
    let expired = expiry.is_some_and(|secs| secs > 0 && u64::from(created.as_secs()) + secs <= signed_at);
    if expired {
        return Verdict::Expired { person, key };
    }
    Verdict::Good { person, key }
}

/// The key expiration (seconds after creation; 0 = never) of the newest
/// self-signature among `sigs`.
fn newest_expiry<'a>(sigs: impl IntoIterator<Item = &'a Signature>) -> Option<u64> {
    sigs.into_iter()
        .max_by_key(|s| s.created().map(|t| t.as_secs()).unwrap_or(0))
        .map(|s| s.key_expiration_time().map(|d| u64::from(d.as_secs())).unwrap_or(0))
}

/// Verifies signatures on all cores: each worker takes the next one not
/// yet taken. The verdicts come back in the order of `work`.
pub(crate) fn verify_all(work: &[(Signed, &KeyRing)]) -> Vec<Verdict> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(work.len() / 64 + 1);
    let verify = |(s, ring): &(Signed, &KeyRing)| verify(&s.signature, &s.payload, ring);
    if workers <= 1 {
        return work.iter().map(verify).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Work is taken in blocks, so the counter is not contended.
    const BLOCK: usize = 32;
    let run = || {
        let mut done = Vec::new();
        loop {
            let start = next.fetch_add(BLOCK, std::sync::atomic::Ordering::Relaxed);
            if start >= work.len() {
                break;
            }
            let end = (start + BLOCK).min(work.len());
            done.push((start, work[start..end].iter().map(verify).collect::<Vec<_>>()));
        }
        done
    };
    let mut blocks = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers).map(|_| scope.spawn(run)).collect();
        let mut all = run();
        for h in helpers {
            match h.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    blocks.sort_by_key(|(start, _)| *start);
    blocks.into_iter().flat_map(|(_, v)| v).collect()
}

#[cfg(test)]
mod split_tests {
    #[test]
    fn signature_and_payload_as_git_reads_them() {
        let raw = b"tree 1\nparent 2\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\ngpgsig -----BEGIN SSH SIGNATURE-----\n U1NI\n -----END SSH SIGNATURE-----\n \n\nApprove\n\n-----BEGIN SSH SIGNATURE-----\nnot a header\n";
        let signed = super::super::objects::split_signature(raw).unwrap();
        assert_eq!(
            signed.signature,
            b"-----BEGIN SSH SIGNATURE-----\nU1NI\n-----END SSH SIGNATURE-----\n"
        );
        assert_eq!(
            signed.payload,
            b"tree 1\nparent 2\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nApprove\n\n-----BEGIN SSH SIGNATURE-----\nnot a header\n"
        );
        // An armoured block in the message is no signature.
        assert!(super::super::objects::split_signature(b"tree 1\n\nmsg\ngpgsig x\n").is_none());
    }
}
