//! End to end on the five seed articles: concrete facts, boilerplate never becomes a node, and
//! the output is deterministic.

mod util;
use util::*;

#[test]
fn seed_graph_has_the_key_facts() {
    let out = temp_dir("seeds_facts");
    let (_, g) = build(&[seeds().to_str().unwrap()], &out, &[]);
    assert!(targets(&g, "Sergey Lavrov", "foreign-minister-of").contains(&"Russia".to_string()));
    assert!(targets(&g, "Andrey Kulik", "ambassador-to").contains(&"Seoul".to_string()));
    assert!(targets(&g, "Hua Chunying", "spokesperson-of").contains(&"Chinese Foreign Ministry".to_string()));
    let lavrov = said_by(&g, "Sergey Lavrov");
    assert!(
        lavrov.iter().any(|t| t.starts_with("We believe that the implementation of the Russian-Chinese road map")),
        "{lavrov:#?}"
    );
    // Sergey (TASS) and Sergei (IANS) Lavrov are one node; so are Kim Jong-un / Kim Jong Un / Kin Jong-un.
    let lav = node(&g, "Sergei Lavrov").unwrap();
    assert_eq!(lav["id"], "sergey-lavrov");
    assert_eq!(node(&g, "Kin Jong-un").unwrap()["id"], node(&g, "Kim Jong Un").unwrap()["id"]);
    assert!(targets(&g, "Russia", "proposes").iter().any(|t| t.contains("roadmap") || t.contains("road map") || t.contains("initiative")));
}

#[test]
fn boilerplate_never_becomes_a_node_or_statement() {
    let out = temp_dir("seeds_boilerplate");
    let (_, g) = build(&[seeds().to_str().unwrap()], &out, &[]);
    for junk in ["Business Standard", "The New York Times", "Smart Quarterly", "Super Saver", "Mark Schiefelbein", "AP Photo", "Wirecutter"] {
        assert!(node(&g, junk).is_none(), "{junk} became a node");
    }
    let texts: Vec<&str> = g["nodes"].as_array().unwrap().iter().filter_map(|n| n["text"].as_str()).collect();
    assert!(!texts.iter().any(|t| t.contains("North Korea highly values")), "a 'Read also' headline became a statement");
    assert!(!texts.iter().any(|t| t.contains("Subscribe")));
}

#[test]
fn datelines_are_metadata() {
    let out = temp_dir("seeds_meta");
    let (_, g) = build(&[seeds().to_str().unwrap()], &out, &[]);
    let docs = g["graph"]["documents"].as_array().unwrap();
    let d0 = docs.iter().find(|d| d["id"] == "000_44cb8afd01e9714f.txt").unwrap();
    assert_eq!(d0["place"], "TOKYO");
    assert_eq!(d0["agency"], "TASS");
    assert_eq!(d0["date"], "--03-21");
    let d2 = docs.iter().find(|d| d["id"] == "002_0ca40fb2996afb64.txt").unwrap();
    assert_eq!(d2["date"], "2018-06-01");
    assert_eq!(d0["date_source"], "dateline");
    assert_eq!(d2["date_source"], "header");
    // The dateline's place is an entity of the document (found by the dateline rule), and the
    // dateline is never sentence text.
    let tokyo = node(&g, "Tokyo").expect("the dateline place is a node");
    assert_eq!(tokyo["type"], "Location");
    assert_eq!(tokyo["alias_rules"]["TOKYO"], "TEXT/DATELINE/MONTH_DAY");
    assert!(tokyo["docs"].as_array().unwrap().iter().any(|d| d == "000_44cb8afd01e9714f.txt"));
    for e in g["edges"].as_array().unwrap() {
        for ev in e["evidence"].as_array().unwrap() {
            assert!(!ev["text"].as_str().unwrap().contains("/TASS/"), "a dateline became evidence: {ev}");
        }
    }
}

#[test]
fn output_is_byte_identical_across_runs() {
    let a = temp_dir("seeds_det_a");
    let b = temp_dir("seeds_det_b");
    build(&[seeds().to_str().unwrap()], &a, &[]);
    build(&[seeds().to_str().unwrap()], &b, &[]);
    for f in std::fs::read_dir(&a).unwrap() {
        let f = f.unwrap();
        if f.path().is_file() {
            let name = f.file_name();
            assert_eq!(std::fs::read(f.path()).unwrap(), std::fs::read(b.join(&name)).unwrap(), "{name:?} differs");
        }
    }
}
