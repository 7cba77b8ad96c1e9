package service

import "github.com/furusato/furusato/internal/store"

// HistoryEntry is one line of a project's history (see store.ProjectHistoryEntry).
type HistoryEntry = store.ProjectHistoryEntry
