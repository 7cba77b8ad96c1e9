// Package service holds the use cases of the platform: it opens
// transactions, applies the rules and (from the accounts issue on) the
// policy, and returns domain errors. It knows nothing of HTTP.
//
// It takes typed values (furusato.ProjectUpdate, furusato.Entry, …) and
// is the one layer that normalises what people type, for every noun: text
// NFKC, trimmed, line ends LF, bidirectional controls out of one-line
// values (normText, normLine), e-mail addresses (NormalizeEmail). The edges
// pass text as typed and read their own syntax (numbers with full-width
// digits, dates from parts, ids) with ReadNumber, ReadDate and ReadID, so
// that normalising stays here; what they cannot read is their field error.
//
// It imports furusato, policy, store and jobs.
package service
