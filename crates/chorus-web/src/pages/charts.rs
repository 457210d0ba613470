//! Small server-rendered SVG charts: sparklines and bar charts that need no JavaScript. Each
//! carries a text alternative (`role="img"` with a label), and pages pair the larger ones with
//! a data table.

use std::fmt::Write;

/// A sparkline of `values`, `w`×`h` pixels, described by `label` for assistive technology.
/// `marks` are indices drawn as dots (spikes).
pub(crate) fn sparkline(values: &[i64], w: u32, h: u32, label: &str, marks: &[usize]) -> String {
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let n = values.len().max(2) - 1;
    let (wf, hf) = (f64::from(w), f64::from(h) - 2.0);
    let point = |i: usize, v: i64| -> (f64, f64) {
        (i as f64 * wf / n as f64, 1.0 + hf - v as f64 / max * hf)
    };
    let mut pts = String::new();
    for (i, v) in values.iter().enumerate() {
        let (x, y) = point(i, *v);
        let _ = write!(pts, "{x:.1},{y:.1} ");
    }
    let mut out = format!(
        "<svg class=\"spark\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\"><polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" points=\"{}\"/>",
        escape(label),
        pts.trim_end()
    );
    for &i in marks {
        if let Some(v) = values.get(i) {
            let (x, y) = point(i, *v);
            let _ = write!(
                out,
                "<circle class=\"spike-dot\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\"/>"
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// A bar chart of `values` with `highlight`ed bars (spikes) in the warning colour.
pub(crate) fn bars(values: &[i64], w: u32, h: u32, label: &str, highlight: &[usize]) -> String {
    let max = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let n = values.len().max(1) as f64;
    let bw = f64::from(w) / n;
    let hf = f64::from(h) - 1.0;
    let mut out = format!(
        "<svg class=\"bars\" width=\"100%\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"{}\">",
        escape(label)
    );
    let _ = write!(
        out,
        "<line x1=\"0\" y1=\"{hf:.1}\" x2=\"{w}\" y2=\"{hf:.1}\" class=\"axis\"/>"
    );
    for (i, v) in values.iter().enumerate() {
        if *v == 0 {
            continue;
        }
        let bh = (*v as f64 / max * (hf - 1.0)).max(1.0);
        let class = if highlight.contains(&i) {
            "bar spike"
        } else {
            "bar"
        };
        let _ = write!(
            out,
            "<rect class=\"{class}\" x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{bh:.2}\"/>",
            i as f64 * bw,
            hf - bh,
            (bw - 0.5).max(0.5)
        );
    }
    out.push_str("</svg>");
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_labelled_and_escaped() {
        let s = sparkline(&[0, 3, 1], 60, 16, "3 \"mentions\" <today>", &[1]);
        assert!(s.contains("role=\"img\""));
        assert!(s.contains("aria-label=\"3 &quot;mentions&quot; &lt;today&gt;\""));
        assert!(s.contains("<circle"));
        let b = bars(&[0, 2, 4], 30, 10, "x", &[2]);
        assert_eq!(b.matches("<rect").count(), 2);
        assert!(b.contains("bar spike"));
        assert!(sparkline(&[], 10, 10, "empty", &[]).contains("<svg"));
    }
}
