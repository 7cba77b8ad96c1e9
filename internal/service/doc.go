// Package service holds the use cases of the platform: it opens
// transactions, applies the rules and (from the accounts issue on) the
// policy, and returns domain errors. It knows nothing of HTTP.
//
// It imports furusato, policy, store and jobs.
package service
