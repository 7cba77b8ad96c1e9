// Package search turns Japanese (and mixed Japanese/Latin) text into terms
// for a full-text index, and search queries into match expressions for that
// index, on SQLite FTS5 and on PostgreSQL tsvector/tsquery.
//
// Japanese is written without spaces between words, so the index does not
// try to find words. Instead it uses overlapping character bigrams:
//
//   - [Normalize] folds text for matching: NFKC (full-width Latin and digits
//     and half-width kana become their ordinary forms), lower case, katakana
//     to hiragana, and every character that is not a letter, a number or the
//     prolonged sound mark ー becomes a space.
//   - [Terms] splits normalised text on spaces and each token into runs of
//     CJK characters (kanji, kana, 々, 〆, ー) and other characters. A
//     non-CJK run (a Latin word, a number) is one term. A CJK run of n ≥ 2
//     characters gives its n−1 overlapping bigrams followed by its last
//     character: 岐阜県庁 → 岐阜 阜県 県庁 庁.
//   - [ParseQuery] turns what a person typed into words; each [Word] is a
//     phrase of consecutive terms (岐阜県 → "岐阜 阜県"), which occurs in the
//     index terms of every text that contains the word. A word that ends in a
//     single CJK character (柿, 2026年) matches its last term as a prefix, so
//     柿 finds 柿 as well as 柿の (in the index as the bigram 柿の).
//
// # SQLite FTS5
//
// Store strings.Join(Terms(text), " ") in the FTS5 table, created with a
// tokenizer that splits on spaces only and changes nothing else, such as
// tokenize = 'ascii' (every non-ASCII character is a token character, and
// the terms' ASCII characters are only lower-case letters and digits).
// Query with
//
//	WHERE t MATCH ?  -- the argument being Query.FTS5("") or Query.FTS5("title")
//
// # PostgreSQL
//
// Store TSVector(sections...) cast with ::tsvector in a tsvector column
// (with a GIN index), and query with col @@ $1::tsquery, the argument being
// Query.TSQuery(""). Do not pass either through to_tsvector or to_tsquery:
// they are literals of the types, already split into lexemes.
//
// The package imports only the standard library and golang.org/x/text.
package search
