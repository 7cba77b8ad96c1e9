// Package furusato holds the domain of the platform: regions, organisations,
// companies and projects, their enums and state machines, validation that
// needs no database, and the error type with stable codes.
//
// It imports the standard library only; every other package of ours may
// import it, and it imports none of them.
package furusato
