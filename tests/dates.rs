//! Dates and datelines through the binary: a document's date from its file name, its dateline
//! or its JSON-lines `date`, each with its source; relative days resolved for statements and
//! evidence; datelines in their common forms as metadata, with their place as an entity.

mod util;

use serde_json::Value;
use util::{build, newsgraph, node, temp_dir};

fn doc<'a>(g: &'a Value, id: &str) -> &'a Value {
    g["graph"]["documents"].as_array().unwrap().iter().find(|d| d["id"] == id).unwrap_or_else(|| panic!("no document {id}"))
}

fn statement<'a>(g: &'a Value, starts: &str) -> &'a Value {
    g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["type"] == "Statement" && n["text"].as_str().unwrap().starts_with(starts))
        .unwrap_or_else(|| panic!("no statement {starts:?}"))
}

#[test]
fn dates_from_names_datelines_and_relative_days() {
    let dir = temp_dir("dates_files");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    // 2016-09-14 was a Wednesday.
    std::fs::write(
        input.join("nyt_20160914_trump.txt"),
        "WASHINGTON \u{2014} Hillary Clinton said on Monday that the plan was good.\n\nHillary Clinton met Bernie Sanders in Ohio yesterday.\n\nThe senator said the talks were useful.\n",
    )
    .unwrap();
    // A dateline without a year takes it from the file name's date.
    std::fs::write(input.join("upi_2016-09-29_stein.txt"), "HEMPSTEAD, N.Y., Sept. 28 (UPI) \u{2014} Jill Stein said the debate was unfair.\n").unwrap();
    // An impossible date in a name is no date.
    std::fs::write(input.join("x_20160231.txt"), "Jill Stein said the debate was unfair.\n").unwrap();
    let (_, g) = build(&[input.to_str().unwrap()], &dir.join("out"), &["--format", "json"]);

    let d = doc(&g, "nyt_20160914_trump.txt");
    assert_eq!((d["date"].as_str(), d["date_source"].as_str()), (Some("2016-09-14"), Some("filename")));
    assert_eq!(d["place"], "WASHINGTON");
    let d = doc(&g, "upi_2016-09-29_stein.txt");
    assert_eq!((d["date"].as_str(), d["date_source"].as_str()), (Some("2016-09-28"), Some("dateline")));
    assert_eq!((d["place"].as_str(), d["agency"].as_str()), (Some("HEMPSTEAD, N.Y."), Some("UPI")));
    let d = doc(&g, "x_20160231.txt");
    assert!(d.get("date").is_none() && d.get("date_source").is_none(), "{d}");

    // "said on Monday": the statement's own date; the document's date otherwise.
    let st = statement(&g, "the plan was good");
    assert_eq!((st["date"].as_str(), st["date_source"].as_str()), (Some("2016-09-12"), Some("text")));
    let st = statement(&g, "the talks were useful");
    assert_eq!((st["date"].as_str(), st["date_source"].as_str()), (Some("2016-09-14"), Some("filename")));
    // "met … yesterday": the evidence's date.
    let meets = g["edges"].as_array().unwrap().iter().find(|e| e["relation"] == "meets").expect("a meets edge");
    assert_eq!(meets["evidence"][0]["date"], "2016-09-13");
    assert_eq!(meets["evidence"][0]["date_source"], "text");

    // Filtering by date works on dates that came from file names (0 rows before).
    let o = newsgraph(&["query", "--graph", dir.join("out").to_str().unwrap(), "--json", "who-said", "--since", "2016-09-01"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = r["statements"].as_array().expect("statements").len();
    assert!(rows >= 3, "{r}");
}

#[test]
fn json_lines_dates_are_validated() {
    let dir = temp_dir("dates_jsonl");
    let dump = dir.join("dump.jsonl");
    let lines = [
        serde_json::json!({"id": "a", "text": "Jill Stein said the debate was unfair.", "date": "2016-13-45"}),
        serde_json::json!({"id": "b", "text": "Jill Stein said the debate was unfair.", "date": "2016-09-14T08:00:00Z"}),
        // The JSON-lines date beats the id's.
        serde_json::json!({"id": "c_20150101", "text": "Jill Stein said the debate was unfair.", "date": "2016-09-15"}),
    ];
    std::fs::write(&dump, lines.iter().map(|l| l.to_string() + "\n").collect::<String>()).unwrap();
    let (o, g) = build(&["--jsonl", dump.to_str().unwrap()], &dir.join("out"), &["--format", "json"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("dump.jsonl:1") && err.contains("2016-13-45"), "{err}");
    assert!(doc(&g, "a").get("date").is_none());
    assert_eq!((doc(&g, "b")["date"].as_str(), doc(&g, "b")["date_source"].as_str()), (Some("2016-09-14"), Some("jsonl")));
    assert_eq!(doc(&g, "c_20150101")["date"], "2016-09-15");
}

#[test]
fn datelines_in_common_forms_are_metadata_and_their_place_an_entity() {
    let dir = temp_dir("datelines");
    let input = dir.join("in");
    std::fs::create_dir_all(&input).unwrap();
    let cases = [
        ("a.txt", "ROME 1996-12-06\nItaly's coach named his squad.\n", "ROME", Some("1996-12-06"), None, "Rome", "TEXT/DATELINE/ISO"),
        ("b.txt", "HOBART, Australia 1996-12-07\nTasmanian Premier Tony Rundle said on Friday that the budget was balanced.\n", "HOBART, Australia", Some("1996-12-07"), None, "Hobart", "TEXT/DATELINE/ISO"),
        ("c.txt", "LONDON (Reuters) - Shares fell, traders said.\n", "LONDON", None, Some("Reuters"), "London", "TEXT/DATELINE/AGENCY"),
        ("d.txt", "MOSCOW, December 1 (TASS) - Talks resumed, officials said.\n", "MOSCOW", Some("--12-01"), Some("TASS"), "Moscow", "TEXT/DATELINE/MONTH_DAY"),
        ("e.txt", "NEW DELHI, Dec 1 (IANS) The minister arrived, officials said.\n", "NEW DELHI", Some("--12-01"), Some("IANS"), "New Delhi", "TEXT/DATELINE/MONTH_DAY"),
        ("f.txt", "BEIJING (AP) \u{2014} China said the talks were useful.\n", "BEIJING", None, Some("AP"), "Beijing", "TEXT/DATELINE/AGENCY"),
        ("g.txt", "KENANSVILLE \u{2014} The farm was sold, officials said.\n", "KENANSVILLE", None, None, "Kenansville", "TEXT/DATELINE/DASH"),
        ("h.txt", "Moscow, December 1 (TASS) - Talks resumed, officials said.\n", "Moscow", Some("--12-01"), Some("TASS"), "Moscow", "TEXT/DATELINE/MONTH_DAY"),
    ];
    for (name, text, ..) in &cases {
        std::fs::write(input.join(name), text).unwrap();
    }
    let (_, g) = build(&[input.to_str().unwrap()], &dir.join("out"), &["--format", "json"]);
    for (name, text, place, date, agency, label, rule) in cases {
        let d = doc(&g, name);
        assert_eq!(d["place"].as_str(), Some(place), "{name}");
        assert_eq!(d["date"].as_str(), date, "{name}");
        assert_eq!(d["agency"].as_str(), agency, "{name}");
        let n = node(&g, label).unwrap_or_else(|| panic!("{name}: no node {label}"));
        assert!(matches!(n["type"].as_str(), Some("Location" | "Country")), "{name}: {n}");
        assert_eq!(n["label"], label);
        let written = place.split(',').next().unwrap();
        assert_eq!(n["alias_rules"][written], rule, "{name}: {n}");
        assert!(n["docs"].as_array().unwrap().iter().any(|x| x == name));
        // The dateline is not sentence text: no evidence and no statement holds it.
        let head = &text[..written.len()];
        for e in g["edges"].as_array().unwrap() {
            for ev in e["evidence"].as_array().unwrap() {
                assert!(!ev["text"].as_str().unwrap().starts_with(head), "{name}: {ev}");
            }
        }
    }
    // The region of "HOBART, Australia" is an entity too.
    assert!(node(&g, "Australia").unwrap()["docs"].as_array().unwrap().iter().any(|x| x == "b.txt"));
    // Relative days are resolved against the dateline's date (1996-12-07 was a Saturday).
    assert_eq!(statement(&g, "the budget was balanced")["date"], "1996-12-06");
}
