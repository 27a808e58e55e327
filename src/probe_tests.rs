use super::*;

/// tmux 3.3a's answer to `questions()`, recorded on this machine (a private tmux server, 80x10,
/// the questions written by a raw-mode script and the reply read back to the attributes): no
/// mode reports, then ❤️ 1 column, the ZWJ pair 2, বা 2, क्ष 2 and क्षा 3.
const TMUX_3_3A: &[u8] = b"\x1b[1;3R\x1b[1;2R\x1b[1;3R\x1b[1;3R\x1b[1;3R\x1b[1;4R\x1b[?1;2c";

#[test]
fn each_sample_is_measured_from_the_start_of_a_cleared_line() {
    let asked = questions(true);
    for sample in SAMPLES {
        let probe = [&b"\r\x1b[2K"[..], sample.as_bytes(), b"\x1b[6n"].concat();
        assert!(memchr::memmem::find(&asked, &probe).is_some(), "{sample}");
    }
    let modes = memchr::memmem::find(&asked, b"\x1b[?2026$p\x1b[?2027$p\x1b[?2027h").expect("the modes");
    let first_sample = memchr::memmem::find(&asked, SAMPLES[0].as_bytes()).unwrap();
    assert!(modes < first_sample, "grapheme mode is on before anything is measured");
    let last = [&b"\r\x1b[2K"[..], KITTY_GRAPHICS, CELL_PIXELS, ATTRIBUTES].concat();
    assert!(asked.ends_with(&last), "the line is cleared, graphics asked, and the attributes come last");
    let in_tmux = questions(false);
    assert!(memchr::memmem::find(&in_tmux, b"\x1b_").is_none(), "no APC where it would rename the pane");
    assert!(in_tmux.ends_with(&[CELL_PIXELS, ATTRIBUTES].concat()));
}

#[test]
fn answers_are_read_among_keys_typed_meanwhile() {
    let heard = b"j\x1b[?2026;2$y\x1b[12;5Rk\x1b[?2027;0$y\x1b[?62;22c";
    let answers = Answers::read(heard);
    assert_eq!(answers.columns, [4]);
    assert_eq!(answers.modes, [(2026, 2), (2027, 0)]);
    assert!(answers.attributes);
    assert_eq!(Answers::read(b"\x1b[1;3"), Answers::default(), "half an answer is none");
    assert_eq!(Answers::read(b"\x1b[;R\x1b[1;x;3R").columns, Vec::<u16>::new(), "nor is a malformed one");
}

#[test]
fn tmux_keeps_the_code_point_rules_and_no_modes() {
    let found = decide(&Answers::read(TMUX_3_3A)).expect("tmux answers");
    assert_eq!(
        found,
        Capabilities {
            widths: WidthRules::CODE_POINTS,
            synchronized: false,
            grapheme_mode: false,
            ..Capabilities::default()
        }
    );
}

#[test]
fn a_terminal_that_answers_in_part_or_not_in_widths_is_not_decided_on() {
    let whole = Answers::read(TMUX_3_3A);
    let mut cut = whole.clone();
    cut.columns.pop();
    assert_eq!(decide(&cut), None, "a sample's width missing");
    let mut unfinished = whole.clone();
    unfinished.attributes = false;
    assert_eq!(decide(&unfinished), None, "answers still coming");
    let mut narrow = whole;
    narrow.columns[0] = 1;
    assert_eq!(decide(&narrow), None, "日 one column: not widths (a terminal too narrow, or in another line)");
}

/// What a terminal following `rules` would answer, with `modes` reported first.
fn answer_of(rules: WidthRules, modes: &[(u16, u8)]) -> Vec<u8> {
    let mut heard = Vec::new();
    for (mode, state) in modes {
        heard.extend_from_slice(format!("\x1b[?{mode};{state}$y").as_bytes());
    }
    for sample in SAMPLES {
        heard.extend_from_slice(format!("\x1b[1;{}R", display_width_by(sample, rules) + 1).as_bytes());
    }
    heard.extend_from_slice(b"\x1b[?62;c");
    heard
}

#[test]
fn every_combination_of_rules_is_told_apart_by_the_samples() {
    // Rules the samples cannot tell apart would be a guess. Only flags that change nothing are
    // the same: joiners under clusters (a cluster holds what its joiner joins either way), and
    // marks joining conjuncts where spacing marks take no column anyway.
    let meaningful = |rules: WidthRules| WidthRules {
        joiners: rules.joiners || rules.clusters,
        marks_join_conjuncts: rules.marks_join_conjuncts && rules.spacing_marks,
        ..rules
    };
    let mut seen: Vec<(Vec<usize>, WidthRules)> = Vec::new();
    for rules in WidthRules::all() {
        let widths: Vec<usize> = SAMPLES.iter().map(|s| display_width_by(s, rules)).collect();
        let decided = decide(&Answers::read(&answer_of(rules, &[]))).unwrap().widths;
        let same_widths: Vec<usize> = SAMPLES.iter().map(|s| display_width_by(s, decided)).collect();
        assert_eq!(same_widths, widths, "{rules:?} decided as {decided:?}");
        if let Some((_, earlier)) = seen.iter().find(|(w, _)| *w == widths) {
            assert_eq!(meaningful(rules), meaningful(*earlier), "{rules:?} and {earlier:?} measure alike");
        }
        seen.push((widths, rules));
    }
}

#[test]
fn modes_are_used_where_the_terminal_has_them() {
    let decided = |modes: &[(u16, u8)]| decide(&Answers::read(&answer_of(WidthRules::GRAPHEMES, modes))).unwrap();
    let on = decided(&[(2026, 2), (2027, 2)]);
    assert!(on.synchronized && on.grapheme_mode, "reset: known, so used, and 2027 is folio's to turn off");
    let already = decided(&[(2026, 1), (2027, 3)]);
    assert!(already.synchronized && !already.grapheme_mode, "permanently set: nothing to undo");
    let unknown = decided(&[(2026, 0), (2027, 4)]);
    assert!(!unknown.synchronized && !unknown.grapheme_mode);
}

#[test]
fn forced_widths_override_the_answer() {
    assert_eq!(Widths::Auto.forced(), None);
    assert_eq!(Widths::Probe.forced(), None);
    assert_eq!(Widths::Codepoints.forced(), Some(WidthRules::CODE_POINTS));
    assert_eq!(Widths::Graphemes.forced(), Some(WidthRules::GRAPHEMES));
}

#[test]
fn kitty_graphics_sixel_and_the_cell_size_are_read_from_the_answers() {
    // kitty's answer to the graphics query and to XTWINOPS 16, then its attributes.
    let kitty = Answers::read(b"\x1b[1;3R\x1b_Gi=31;OK\x1b\\\x1b[6;20;10t\x1b[?62;c");
    assert!(kitty.kitty_graphics && !kitty.sixel);
    assert_eq!(kitty.cell_pixels, Some((10, 20)));
    // foot: sixel among its attributes (4), no kitty graphics.
    let foot = Answers::read(b"\x1b[6;16;8t\x1b[?62;4;22c");
    assert!(foot.sixel && !foot.kitty_graphics);
    assert_eq!(foot.cell_pixels, Some((8, 16)));
    // tmux 3.3a: neither, and no cell size; a class of 4 is not the sixel attribute.
    let tmux = Answers::read(TMUX_3_3A);
    assert!(!tmux.sixel && !tmux.kitty_graphics && tmux.cell_pixels.is_none());
    assert!(!Answers::read(b"\x1b[?4;6c").sixel);
    assert_eq!(Answers::read(b"\x1b[6;0;8t").cell_pixels, None, "a cell of no pixels is no answer");
    let mut answered = TMUX_3_3A.to_vec();
    answered.splice(answered.len() - b"\x1b[?1;2c".len().., b"\x1b_Gi=31;OK\x1b\\\x1b[?62;4c".iter().copied());
    let graphics = decide(&Answers::read(&answered)).unwrap().graphics;
    assert_eq!(graphics, Graphics { kitty: true, sixel: true, cell_pixels: None });
}

#[test]
fn the_kitty_query_is_not_sent_inside_tmux_or_screen() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |var: &str| pairs.iter().find(|(k, _)| *k == var).map(|(_, v)| v.to_string())
    };
    // tmux 3.3a's answer to XTVERSION and the attributes, recorded on this machine.
    let tmux = Answers::read(b"\x1bP>|tmux 3.3a\x1b\\\x1b[?1;2c");
    assert_eq!(tmux.version.as_deref(), Some("tmux3.3a"), "spaces and controls dropped");
    let xterm = env(&[("TERM", "xterm-256color")]);
    assert!(!kitty_query_is_safe(tmux.version.as_deref(), xterm), "tmux with TERM as its config set it");
    assert!(kitty_query_is_safe(Some("kitty(0.46.2)"), env(&[("TERM", "xterm-kitty")])));
    assert!(kitty_query_is_safe(Some("ghostty1.3.1"), env(&[("TERM", "xterm-ghostty")])));
    assert!(!kitty_query_is_safe(None, env(&[("TERM", "xterm-256color")])), "a terminal that gives no name");
    assert!(!kitty_query_is_safe(Some("kitty(0.46.2)"), env(&[("TERM", "screen-256color")])));
    assert!(!kitty_query_is_safe(Some("kitty(0.46.2)"), env(&[("TERM", "xterm-kitty"), ("TMUX", "/tmp/t,1,0")])));
    assert!(!kitty_query_is_safe(Some("kitty(0.46.2)"), env(&[("TERM", "xterm-kitty"), ("STY", "1.pts-0.h")])));
}

#[test]
fn answers_are_kept_per_terminal_name() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |var: &str| pairs.iter().find(|(k, _)| *k == var).map(|(_, v)| v.to_string())
    };
    assert_eq!(terminal_name(env(&[])), None);
    assert_eq!(terminal_name(env(&[("TERM", "xterm-kitty")])).as_deref(), Some("xterm-kitty"));
    let wezterm = env(&[("TERM", "xterm-256color"), ("TERM_PROGRAM", "WezTerm"), ("TERM_PROGRAM_VERSION", "20240203")]);
    assert_eq!(terminal_name(wezterm).as_deref(), Some("xterm-256color WezTerm 20240203"));

    let dir = std::env::temp_dir().join(format!("folio-probe-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let kitty = Capabilities {
        widths: WidthRules::GRAPHEMES,
        synchronized: true,
        grapheme_mode: false,
        ..Capabilities::default()
    };
    Kept::open(&dir).keep("xterm-kitty", kitty).unwrap();
    let kept = Kept::open(&dir);
    assert_eq!(kept.get("xterm-kitty"), Some(kitty));
    assert_eq!(kept.get("tmux-256color"), None);
    std::fs::write(dir.join("terminals.json"), "{not json").unwrap();
    assert_eq!(Kept::open(&dir).get("xterm-kitty"), None, "a broken cache is an empty one");
    let before_conjunct_marks = r#"{"xterm-kitty":{"widths":{"clusters":true,"emoji_presentation":true,"spacing_marks":false,"joiners":true},"synchronized":true,"grapheme_mode":false}}"#;
    std::fs::write(dir.join("terminals.json"), before_conjunct_marks).unwrap();
    assert_eq!(Kept::open(&dir).get("xterm-kitty"), None, "decided before क्षा was asked: asked again");
    let current =
        before_conjunct_marks.replace(r#""joiners":true"#, r#""joiners":true,"marks_join_conjuncts":false"#).replace(
            r#""grapheme_mode":false"#,
            r#""grapheme_mode":false,"graphics":{"kitty":false,"sixel":false,"cell_pixels":null}"#,
        );
    std::fs::write(dir.join("terminals.json"), current).unwrap();
    assert_eq!(Kept::open(&dir).get("xterm-kitty"), Some(kitty), "the same entry as written now");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A terminal's answer rebuilt from jquast/ucs-detect's measurements (data/<terminal>.yaml,
/// 2026 runs; the files keep each terminal's DECRQM replies and, for every sequence it got
/// wrong by wcwidth 0.7, the width it measured, not the raw cursor reports): `modes` as
/// reported, then the columns of 日, ❤️, 👨‍👩, বা, क्ष and क्षा.
fn recorded(modes: [(u16, u8); 2], columns: [usize; 6]) -> Answers {
    let mut heard = Vec::new();
    for (mode, state) in modes {
        heard.extend_from_slice(format!("\x1b[?{mode};{state}$y").as_bytes());
    }
    for width in columns {
        heard.extend_from_slice(format!("\x1b[1;{}R", width + 1).as_bytes());
    }
    heard.extend_from_slice(b"\x1b[?62;22c");
    Answers::read(&heard)
}

#[test]
fn kitty_wezterm_foot_and_ghostty_get_their_own_rules() {
    let rules = |clusters, emoji_presentation, spacing_marks| WidthRules {
        clusters,
        emoji_presentation,
        spacing_marks,
        ..WidthRules::CODE_POINTS
    };
    // kitty 0.46.2: a cluster is one cell (বা and क्ष 1, so क्षा 1), ❤️ 2; 2026 reset, 2027 unknown.
    let kitty = decide(&recorded([(2026, 2), (2027, 0)], [2, 2, 2, 1, 1, 1])).unwrap();
    assert_eq!(
        kitty,
        Capabilities {
            widths: WidthRules::GRAPHEMES,
            synchronized: true,
            grapheme_mode: false,
            ..Capabilities::default()
        }
    );
    // WezTerm 20260330: ❤️ 1, বা 1 but क्ष 2 (the mark joins its letter, the conjunct does not
    // join), क्षा 2; 2027 permanently set, so folio has nothing to turn on or off.
    let wezterm = decide(&recorded([(2026, 2), (2027, 3)], [2, 1, 2, 1, 2, 2])).unwrap();
    assert_eq!(
        wezterm,
        Capabilities {
            widths: rules(false, false, false),
            synchronized: true,
            grapheme_mode: false,
            ..Capabilities::default()
        }
    );
    // foot 1.27.0: as WezTerm but ❤️ 2; 2027 already set.
    let foot = decide(&recorded([(2026, 2), (2027, 1)], [2, 2, 2, 1, 2, 2])).unwrap();
    assert_eq!(
        foot,
        Capabilities {
            widths: rules(false, true, false),
            synchronized: true,
            grapheme_mode: false,
            ..Capabilities::default()
        }
    );
    // Ghostty 1.3.1: wcwidth 0.7's widths (বা and क्ष 2, ❤️ 2, and क्षा 2: the vowel sign
    // shares the conjunct's column); 2027 set.
    let ghostty = decide(&recorded([(2026, 2), (2027, 1)], [2, 2, 2, 2, 2, 2])).unwrap();
    let wcwidth = WidthRules { marks_join_conjuncts: true, ..rules(false, true, true) };
    assert_eq!(
        ghostty,
        Capabilities { widths: wcwidth, synchronized: true, grapheme_mode: false, ..Capabilities::default() }
    );
    // GNOME Terminal (VTE 8400): 2026 and 2027 permanently reset, ❤️ 1, and a joiner joins
    // nothing (its three-person family measured 6), क्षा 3: the code-point rules without joining.
    let vte = decide(&recorded([(2026, 4), (2027, 4)], [2, 1, 4, 2, 2, 3])).unwrap();
    let unjoined = WidthRules { joiners: false, ..WidthRules::CODE_POINTS };
    assert_eq!(vte, Capabilities { widths: unjoined, ..Capabilities::default() });
}
