package httpx

import "reflect"

// MissingService returns the name of the first field of the struct s that
// is nil (a pointer or interface not given), or "" when every field is set. The edges' New refuse a Services
// with a missing service, so that a field added to one later cannot go
// unwired (nothing on the edges means "not wired").
func MissingService(s any) string {
	v := reflect.ValueOf(s)
	for i := range v.NumField() {
		switch f := v.Field(i); f.Kind() {
		case reflect.Pointer, reflect.Interface, reflect.Func, reflect.Map, reflect.Slice, reflect.Chan:
			if f.IsNil() {
				return v.Type().Field(i).Name
			}
		}
	}
	return ""
}
