package search

import (
	"strings"
	"testing"
)

var benchText = strings.Repeat("岐阜県飛騨市は、ＩＴ・ＤＸ推進のため2026年度に「ふるさとファンクラブ」を開始します。ｸﾚｿﾝやラーメンの情報もInstagramで発信！ ", 20)

func BenchmarkNormalize(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Normalize(benchText)
	}
}

func BenchmarkTerms(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Terms(benchText)
	}
}

func BenchmarkTSVector(b *testing.B) {
	title := Terms("飛騨市ふるさとファンクラブ")
	body := Terms(benchText)
	for b.Loop() {
		TSVector(Section{'A', title}, Section{'D', body})
	}
}

func BenchmarkParseQuery(b *testing.B) {
	for b.Loop() {
		q := ParseQuery("岐阜県 ＤＸ推進 柿 2026年")
		_ = q.FTS5("")
		_ = q.TSQuery("")
	}
}
