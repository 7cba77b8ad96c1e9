package credential

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/multiformats/go-multibase"
)

// Proof values of the eddsa-rdfc-2022 cryptosuite.
const (
	ProofType   = "DataIntegrityProof"
	Cryptosuite = "eddsa-rdfc-2022"
)

// multikeyEd25519 is the multicodec prefix of an Ed25519 public key
// (0xed, as an unsigned varint: 0xed 0x01).
var multikeyEd25519 = []byte{0xed, 0x01}

// Multikey returns pub as a Multikey publicKeyMultibase: "z" and the
// base58btc of the multicodec prefix 0xed01 and the 32-byte key (z6Mk…).
func Multikey(pub ed25519.PublicKey) (string, error) {
	if len(pub) != ed25519.PublicKeySize {
		return "", errors.New("credential: not an Ed25519 public key")
	}
	return multibase.Encode(multibase.Base58BTC, append(append([]byte(nil), multikeyEd25519...), pub...))
}

// ParseMultikey is the inverse of Multikey.
func ParseMultikey(s string) (ed25519.PublicKey, error) {
	enc, b, err := multibase.Decode(s)
	if err != nil || enc != multibase.Base58BTC || len(b) != 2+ed25519.PublicKeySize || !bytes.Equal(b[:2], multikeyEd25519) {
		return nil, errors.New("credential: not an Ed25519 Multikey")
	}
	return ed25519.PublicKey(b[2:]), nil
}

// Signer signs with one Ed25519 key, published as VerificationMethod
// (an absolute URL: the issuer profile's id, "#", the key's name).
type Signer struct {
	Key                ed25519.PrivateKey
	VerificationMethod string
}

// Sign returns doc (any value that encodes to a JSON-LD object, without
// a proof) with an embedded DataIntegrityProof of the eddsa-rdfc-2022
// cryptosuite made at created, for the assertionMethod purpose (W3C
// vc-di-eddsa, 3.3: hash the canonical proof configuration and the
// canonical document with SHA-256 and sign the two hashes, configuration
// first). The result is what encoding/json decodes, ready to marshal.
func (s Signer) Sign(doc any, created time.Time) (map[string]any, error) {
	m, err := plain(doc)
	if err != nil {
		return nil, err
	}
	if _, ok := m["proof"]; ok {
		return nil, errors.New("credential: the document already has a proof")
	}
	proof := map[string]any{
		"type":               ProofType,
		"cryptosuite":        Cryptosuite,
		"created":            created.UTC().Format(time.RFC3339),
		"verificationMethod": s.VerificationMethod,
		"proofPurpose":       "assertionMethod",
	}
	data, err := hashData(m, proof)
	if err != nil {
		return nil, err
	}
	sig := ed25519.Sign(s.Key, data)
	pv, err := multibase.Encode(multibase.Base58BTC, sig)
	if err != nil {
		return nil, err
	}
	proof["proofValue"] = pv
	m["proof"] = proof
	return m, nil
}

// hashData is the eddsa-rdfc-2022 hash of document doc (without its
// proof) under proof configuration proof (without its proofValue): the
// SHA-256 of the canonical configuration, carrying the document's
// @context, followed by the SHA-256 of the canonical document.
func hashData(doc, proof map[string]any) ([]byte, error) {
	ctx, ok := doc["@context"]
	if !ok {
		return nil, errors.New("credential: the document has no @context")
	}
	config := map[string]any{"@context": ctx}
	for k, v := range proof {
		if k != "proofValue" {
			config[k] = v
		}
	}
	unsigned := map[string]any{}
	for k, v := range doc {
		if k != "proof" {
			unsigned[k] = v
		}
	}
	cc, err := canonical(config)
	if err != nil {
		return nil, err
	}
	cd, err := canonical(unsigned)
	if err != nil {
		return nil, err
	}
	h1, h2 := sha256.Sum256([]byte(cc)), sha256.Sum256([]byte(cd))
	return append(h1[:], h2[:]...), nil
}

// Verify checks the eddsa-rdfc-2022 proof of doc (as encoding/json
// decodes a signed document) against pub. It is our own check, for tests
// and for refusing to serve a document that does not verify; the
// independent verifier (scripts/verify-credential.mjs) is the judge.
func Verify(doc map[string]any, pub ed25519.PublicKey) error {
	proof, ok := doc["proof"].(map[string]any)
	if !ok {
		return errors.New("credential: no proof")
	}
	if proof["type"] != ProofType || proof["cryptosuite"] != Cryptosuite {
		return fmt.Errorf("credential: proof is %v/%v, not %s/%s", proof["type"], proof["cryptosuite"], ProofType, Cryptosuite)
	}
	pv, _ := proof["proofValue"].(string)
	enc, sig, err := multibase.Decode(pv)
	if err != nil || enc != multibase.Base58BTC {
		return errors.New("credential: proofValue is not base58btc")
	}
	data, err := hashData(doc, proof)
	if err != nil {
		return err
	}
	if !ed25519.Verify(pub, data, sig) {
		return errors.New("credential: the signature does not verify")
	}
	return nil
}
