// Package furusato holds the domain of the platform: regions, organisations,
// companies and projects, their enums and state machines, validation that
// needs no database, and the error type with stable codes.
//
// Its checks (Validate) take values as the service normalised them:
// normalising what people type (NFKC, trimming, full-width digits) is the
// service's, for every noun, and happens nowhere else (see package
// service). ProjectUpdate is a typed change to a project, which both edges
// build.
//
// It imports the standard library only; every other package of ours may
// import it, and it imports none of them.
package furusato
