//! How the command line speaks to people: warnings and errors on standard error, one line each,
//! naming the file they are about, in colour when wanted; `--quiet` keeps only errors.
//!
//! * [`one_line`] turns an error and its chain of causes into one line, leaving out a cause
//!   whose text the message already holds (so an OS error is said once, not "File exists (os
//!   error 17): File exists (os error 17)");
//! * [`is_broken_pipe`] tells a reader that went away (`newsgraph extract … | head`), which
//!   ends a run quietly with exit code 0;
//! * [`Color`] is `--color auto|always|never`: `auto` colours only a terminal, and not when the
//!   `NO_COLOR` environment variable is set to something (<https://no-color.org>);
//! * [`Messages`] prints `newsgraph: warning: …` and `newsgraph: error[code]: …`;
//! * [`bold_table_headers`] styles the header rows of the text tables that `query` prints.

use anstyle::{AnsiColor, Style};
use std::error::Error;
use std::fmt::Display;
use std::io::IsTerminal;

/// `--color`: when to colour messages and tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Color {
    /// Only on a terminal, and only if `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always (also into pipes and files).
    Always,
    /// Never.
    Never,
}

impl Color {
    /// Whether to colour a stream that is (`terminal`) or is not a terminal, given the value of
    /// `NO_COLOR` (`None` when unset; an empty value counts as unset).
    pub fn enabled(self, terminal: bool, no_color: Option<&str>) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => terminal && no_color.is_none_or(str::is_empty),
        }
    }

    /// Whether to colour standard error.
    pub fn for_stderr(self) -> bool {
        self.enabled(std::io::stderr().is_terminal(), std::env::var("NO_COLOR").ok().as_deref())
    }

    /// Whether to colour standard output.
    pub fn for_stdout(self) -> bool {
        self.enabled(std::io::stdout().is_terminal(), std::env::var("NO_COLOR").ok().as_deref())
    }

    /// The `--color` value given among `args` (`--color X` or `--color=X`, the last one wins),
    /// else `Auto`; for settings needed before the arguments are parsed (clap's own messages).
    pub fn from_args<S: AsRef<str>>(args: &[S]) -> Color {
        let mut out = Color::Auto;
        let mut it = args.iter().map(|a| a.as_ref());
        while let Some(a) = it.next() {
            let v = match a.strip_prefix("--color") {
                Some("") => it.next(),
                Some(rest) => rest.strip_prefix('='),
                None => None,
            };
            match v {
                Some("always") => out = Color::Always,
                Some("never") => out = Color::Never,
                Some("auto") => out = Color::Auto,
                _ => {}
            }
        }
        out
    }
}

/// An error and its causes on one line: each cause is added after `: ` unless the text so far
/// already holds it; line breaks become spaces.
pub fn one_line(err: &(dyn Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !text.is_empty() && !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cause = c.source();
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Does the error (or one of its causes) say that the reader of a pipe went away?
pub fn is_broken_pipe(err: &(dyn Error + 'static)) -> bool {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) {
            return true;
        }
        cur = e.source();
    }
    false
}

/// Prints messages for people on standard error (see the module notes).
#[derive(Debug, Clone, Copy)]
pub struct Messages {
    quiet: bool,
    color: bool,
}

impl Messages {
    /// `quiet`: print errors only; `color`: colour the `warning:` / `error:` labels.
    pub fn new(quiet: bool, color: bool) -> Messages {
        Messages { quiet, color }
    }

    /// Whether only errors are printed.
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    fn label(&self, text: &str, style: Style) -> String {
        if self.color { format!("{style}{text}{style:#}") } else { text.to_string() }
    }

    /// The line for a warning, as printed.
    pub fn warning_line(&self, msg: impl Display) -> String {
        let style = Style::new().bold().fg_color(Some(AnsiColor::Yellow.into()));
        format!("newsgraph: {} {}", self.label("warning:", style), flat(&msg.to_string()))
    }

    /// The line for an error, with its stable code when it has one (`error[unknown-name]:`).
    pub fn error_line(&self, code: Option<&str>, msg: impl Display) -> String {
        let style = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
        let label = match code {
            Some(c) => format!("error[{c}]:"),
            None => "error:".to_string(),
        };
        format!("newsgraph: {} {}", self.label(&label, style), flat(&msg.to_string()))
    }

    /// Prints a warning (not with `--quiet`).
    pub fn warn(&self, msg: impl Display) {
        if !self.quiet {
            eprintln!("{}", self.warning_line(msg));
        }
    }

    /// Prints an error (always).
    pub fn error(&self, code: Option<&str>, msg: impl Display) {
        eprintln!("{}", self.error_line(code, msg));
    }

    /// Prints the indented lines that detail an error just printed (the candidates of an
    /// ambiguous name), always.
    pub fn error_details(&self, lines: &str) {
        for l in lines.lines().filter(|l| !l.trim().is_empty()) {
            eprintln!("  {}", l.trim_end());
        }
    }

    /// Prints a note such as a run's summary (not with `--quiet`).
    pub fn note(&self, msg: impl Display) {
        if !self.quiet {
            eprintln!("newsgraph: {msg}");
        }
    }
}

fn flat(s: &str) -> String {
    if s.contains(['\n', '\r']) { s.split_whitespace().collect::<Vec<_>>().join(" ") } else { s.to_string() }
}

/// Bold table headers: in the text tables of `query` a header row is the line right above a
/// rule made of `─` (and spaces); the rule is dimmed. Other lines are left as they are.
pub fn bold_table_headers(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let is_rule = |l: &str| {
        let t = l.trim_end();
        !t.is_empty() && t.chars().all(|c| c == '\u{2500}' || c == ' ')
    };
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut out = String::with_capacity(text.len() + 64);
    for (i, l) in lines.iter().enumerate() {
        let (body, nl) = match l.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (*l, ""),
        };
        if lines.get(i + 1).is_some_and(|n| is_rule(n)) && !is_rule(l) && !body.trim().is_empty() {
            out.push_str(&format!("{bold}{body}{bold:#}{nl}"));
        } else if is_rule(l) {
            out.push_str(&format!("{dim}{body}{dim:#}{nl}"));
        } else {
            out.push_str(l);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot write /tmp/x: {source}")]
    struct Wrap {
        source: std::io::Error,
    }

    #[test]
    fn causes_are_said_once() {
        let e = Wrap { source: std::io::Error::from_raw_os_error(17) };
        let s = one_line(&e);
        assert_eq!(s.matches("os error 17").count(), 1, "{s}");
        assert!(s.starts_with("cannot write /tmp/x: "), "{s}");
    }

    #[test]
    fn broken_pipes_are_found_in_the_chain() {
        let e = Wrap { source: std::io::Error::from(std::io::ErrorKind::BrokenPipe) };
        assert!(is_broken_pipe(&e));
        let e = Wrap { source: std::io::Error::from(std::io::ErrorKind::NotFound) };
        assert!(!is_broken_pipe(&e));
    }

    #[test]
    fn color_choice() {
        assert!(!Color::Auto.enabled(false, None));
        assert!(Color::Auto.enabled(true, None));
        assert!(Color::Auto.enabled(true, Some("")));
        assert!(!Color::Auto.enabled(true, Some("1")));
        assert!(Color::Always.enabled(false, Some("1")));
        assert!(!Color::Never.enabled(true, None));
        assert_eq!(Color::from_args(&["build", "--color", "always"]), Color::Always);
        assert_eq!(Color::from_args(&["--color=never", "x"]), Color::Never);
        assert_eq!(Color::from_args(&["--colors", "always"]), Color::Auto);
    }

    #[test]
    fn messages_are_one_line_and_coloured_on_demand() {
        let plain = Messages::new(false, false);
        assert_eq!(plain.warning_line("a.txt: empty file,\nskipped"), "newsgraph: warning: a.txt: empty file, skipped");
        assert_eq!(plain.error_line(Some("bad-date"), "x"), "newsgraph: error[bad-date]: x");
        let color = Messages::new(false, true);
        assert!(color.error_line(None, "x").contains("\u{1b}["));
        assert!(!plain.error_line(None, "x").contains('\u{1b}'));
    }

    #[test]
    fn table_headers() {
        let t = "a    b\n\u{2500}\u{2500}\u{2500}  \u{2500}\u{2500}\u{2500}\none  two\n";
        let s = bold_table_headers(t);
        assert!(s.starts_with("\u{1b}[1ma    b\u{1b}[0m\n"), "{s:?}");
        assert!(s.ends_with("one  two\n"));
    }
}
