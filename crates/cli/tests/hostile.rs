//! Hostile and heavy input: every request has a bounded cost and says what it refused.

mod common;
use common::*;

/// A search costs one lookup per different word: a word repeated two thousand times is
/// the search for that word, and more different words than the bound are refused by name.
#[test]
fn a_search_counts_each_word_once_and_refuses_more_words_than_its_bound() {
    let (_dir, db) = one_act_store();
    let once = run(&db, &["documents", "--search", "warplanes", "--json"]);
    assert!(once.status.success(), "{}", stderr(&once));
    let repeated = vec!["Warplanes,"; 2000].join(" ");
    let many = run(&db, &["documents", "--search", &repeated, "--json"]);
    assert!(many.status.success(), "{}", stderr(&many));
    assert_eq!(stdout(&many), stdout(&once));
    assert!(stdout(&once).contains("warplanes"), "{}", stdout(&once));

    let distinct: Vec<String> = (0..33).map(|i| format!("word{i}")).collect();
    let out = run(&db, &["documents", "--search", &distinct.join(" ")]);
    assert_fails_saying(&out, &["at most 32 different words"]);
    let out = run(&db, &["quotes", "--search", &distinct.join(" ")]);
    assert_fails_saying(&out, &["at most 32 different words"]);
    // thirty-two are a search
    let out = run(&db, &["documents", "--search", &distinct[..32].join(" ")]);
    assert!(out.status.success(), "{}", stderr(&out));
}
