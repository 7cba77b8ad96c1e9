package credential

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/piprate/json-gold/ld"
)

// The context URLs a credential names.
const (
	ContextVC2      = "https://www.w3.org/ns/credentials/v2"
	ContextOB303    = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	ContextDID      = "https://www.w3.org/ns/did/v1"
	ContextMultikey = "https://w3id.org/security/multikey/v1"
)

//go:embed contexts/*.json contexts/*.jsonld
var contextFiles embed.FS

// contextFile names the embedded copy of each context we sign with.
// The DID and Multikey contexts are only named by the issuer profile,
// which is published, never signed, so they are not needed here.
var contextFile = map[string]string{
	ContextVC2:   "contexts/credentials-v2.jsonld",
	ContextOB303: "contexts/ob-context-3.0.3.json",
}

// loader serves the embedded contexts to json-gold and refuses every
// other URL: canonicalisation never reaches the network.
type loader struct{}

var (
	parsedOnce sync.Once
	parsed     map[string]any
	parseErr   error
)

func parseContexts() {
	parsed = map[string]any{}
	for url, name := range contextFile {
		b, err := contextFiles.ReadFile(name)
		if err != nil {
			parseErr = err
			return
		}
		doc, err := ld.DocumentFromReader(bytes.NewReader(b))
		if err != nil {
			parseErr = fmt.Errorf("credential: context %s: %w", url, err)
			return
		}
		parsed[url] = doc
	}
}

// LoadDocument implements ld.DocumentLoader.
func (loader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	parsedOnce.Do(parseContexts)
	if parseErr != nil {
		return nil, parseErr
	}
	doc, ok := parsed[u]
	if !ok {
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, fmt.Sprintf("credential: context %s is not embedded", u))
	}
	return &ld.RemoteDocument{DocumentURL: u, Document: doc}, nil
}

// canonical returns the RDFC-1.0 canonical N-Quads of doc (a JSON-LD
// document as encoding/json decodes it), expanding in safe mode.
func canonical(doc map[string]any) (string, error) {
	opts := ld.NewJsonLdOptions("")
	opts.ProcessingMode = ld.JsonLd_1_1
	opts.DocumentLoader = loader{}
	opts.Algorithm = ld.AlgorithmURDNA2015
	opts.Format = "application/n-quads"
	opts.SafeMode = true
	out, err := ld.NewJsonLdProcessor().Normalize(doc, opts)
	if err != nil {
		return "", fmt.Errorf("credential: canonicalise: %w", err)
	}
	s, _ := out.(string)
	if s == "" {
		return "", fmt.Errorf("credential: canonicalise: the document holds no statements")
	}
	return s, nil
}

// plain turns v into what encoding/json decodes (maps, slices, strings,
// float64, bool), so that json-gold sees the document as a verifier will.
func plain(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return m, nil
}
