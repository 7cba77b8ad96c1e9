// Package credential makes the platform's verifiable credentials: Open
// Badges 3.0 OpenBadgeCredentials (W3C VC 2.0) and the Bitstring Status
// List that revokes them, each with an embedded Data Integrity proof of
// the eddsa-rdfc-2022 cryptosuite (W3C vc-di-eddsa), and the issuer
// profile that publishes the verification keys as Multikeys. The shapes
// are those of ../shared/design/credentials.md, which a standard verifier
// (Digital Bazaar's vc library) accepts.
//
// Nothing here is hand-written crypto or canonicalisation: JSON-LD
// expansion and RDF dataset canonicalisation (RDFC-1.0, formerly
// URDNA2015) come from github.com/piprate/json-gold, signatures from
// crypto/ed25519, hashes from crypto/sha256, base58btc from
// github.com/multiformats/go-multibase. The JSON-LD contexts are embedded
// (contexts/, copied from the npm context packages, see
// contexts/README.md) and never fetched: the document loader refuses
// every other URL, and expansion runs in safe mode, so a term no context
// defines is an error, not a silently dropped (and so unsigned) field.
//
// The package knows no database and no HTTP; service keeps the keys and
// the records, web serves the documents.
package credential
