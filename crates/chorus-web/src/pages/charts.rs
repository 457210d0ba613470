//! Small server-rendered SVG charts: sparklines and bar charts that need no JavaScript. Each
//! carries a text alternative (`role="img"` with a label), and pages pair the larger ones with
//! a data table.
//!
//! Every word of a chart (title, axis title, legend, text alternative) comes from the caller,
//! already in the reader's language; the axis values are written with the reader's compact
//! numbers (12k, 12 k).

use std::fmt::Write;

use chorus_i18n::Tr;

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

/// A series of a line chart: its name (legend) and CSS class (colour), one value per label.
pub(crate) struct Series<'a> {
    pub(crate) name: &'a str,
    pub(crate) class: &'a str,
    pub(crate) values: Vec<i64>,
}

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 44.0;

/// A ceiling for the y axis that divides into four readable steps (1, 2 or 5 × 10^k each).
///
/// Total over every `i64`: the step only grows, and when the next one would overflow the
/// ceiling is `i64::MAX` (an overflowing step once made this loop spin for ever on a stored
/// reach near 2^63, hanging the worker that drew the chart).
fn nice_max(max: i64) -> i64 {
    let max = max.max(4);
    let mut step: i64 = 1;
    loop {
        match step.checked_mul(4) {
            Some(top) if top >= max => return top,
            Some(_) => {}
            None => return i64::MAX,
        }
        let next = if step.to_string().starts_with('2') {
            (step / 2).checked_mul(5)
        } else {
            step.checked_mul(2)
        };
        match next {
            Some(n) => step = n,
            None => return i64::MAX,
        }
    }
}

/// The frame of a chart: title, y gridlines with values (compact, in the reader's language),
/// x labels (thinned to fit), axis titles.
fn frame(tr: Tr, id: &str, title: &str, y_title: &str, labels: &[String], max: i64) -> String {
    let mut out = format!(
        "<svg class=\"chart\" id=\"{id}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"{id}-t\" \
         preserveAspectRatio=\"xMidYMid meet\"><title id=\"{id}-t\">{}</title>\
         <text class=\"chart-title\" x=\"{LEFT}\" y=\"16\">{}</text>",
        escape(title),
        escape(title)
    );
    let plot_h = H - TOP - BOTTOM;
    for i in 0..=4 {
        let v = (max / 4).saturating_mul(i);
        #[allow(clippy::cast_precision_loss, reason = "chart coordinates")]
        let y = TOP + plot_h - plot_h * (i as f64) / 4.0;
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>\
             <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            escape(&tr.compact(v))
        );
    }
    let n = labels.len().max(1);
    let every = n.div_ceil(6).max(1);
    let plot_w = W - LEFT - RIGHT;
    for (i, l) in labels.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        #[allow(clippy::cast_precision_loss, reason = "chart coordinates")]
        let x = LEFT + plot_w * (i as f64 + 0.5) / n as f64;
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            H - BOTTOM + 16.0,
            escape(l)
        );
    }
    let _ = write!(
        out,
        "<text class=\"axis-title\" x=\"14\" y=\"{:.1}\" transform=\"rotate(-90 14 {:.1})\" \
         text-anchor=\"middle\">{}</text>",
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0,
        escape(y_title)
    );
    out
}

/// A line chart with axes, a legend and a title; `labels` name the x buckets.
pub(crate) fn line_chart(
    tr: Tr,
    id: &str,
    title: &str,
    y_title: &str,
    labels: &[String],
    series: &[Series<'_>],
) -> String {
    let max = nice_max(
        series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .max()
            .unwrap_or(0),
    );
    let mut out = frame(tr, id, title, y_title, labels, max);
    let n = labels.len().max(1);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    #[allow(clippy::cast_precision_loss, reason = "chart coordinates")]
    let point = |i: usize, v: i64| -> (f64, f64) {
        (
            LEFT + plot_w * (i as f64 + 0.5) / n as f64,
            TOP + plot_h - plot_h * v as f64 / max as f64,
        )
    };
    for s in series {
        let mut pts = String::new();
        for (i, v) in s.values.iter().enumerate() {
            let (x, y) = point(i, *v);
            let _ = write!(pts, "{x:.1},{y:.1} ");
        }
        let _ = write!(
            out,
            "<polyline class=\"line {}\" fill=\"none\" points=\"{}\"/>",
            s.class,
            pts.trim_end()
        );
        if s.values.len() == 1 {
            let (x, y) = point(0, s.values[0]);
            let _ = write!(
                out,
                "<circle class=\"dot {}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\"/>",
                s.class
            );
        }
    }
    // Legend along the bottom.
    let mut x = LEFT;
    for s in series {
        let _ = write!(
            out,
            "<rect class=\"swatch {}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"4\"/>\
             <text class=\"legend\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            s.class,
            H - 10.0,
            x + 16.0,
            H - 5.0,
            escape(s.name)
        );
        #[allow(clippy::cast_precision_loss, reason = "chart coordinates")]
        let step = 30.0 + 7.0 * s.name.chars().count() as f64;
        x += step;
    }
    out.push_str("</svg>");
    out
}

/// A vertical bar chart with axes and a title.
pub(crate) fn bar_chart(
    tr: Tr,
    id: &str,
    title: &str,
    y_title: &str,
    labels: &[String],
    values: &[i64],
    class: &str,
) -> String {
    let max = nice_max(values.iter().copied().max().unwrap_or(0));
    let mut out = frame(tr, id, title, y_title, labels, max);
    let n = labels.len().max(1);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    #[allow(clippy::cast_precision_loss, reason = "chart coordinates")]
    let bw = plot_w / n as f64;
    for (i, v) in values.iter().enumerate() {
        if *v <= 0 {
            continue;
        }
        #[allow(clippy::cast_precision_loss, reason = "chart coordinates")]
        let (h, x) = (plot_h * *v as f64 / max as f64, LEFT + bw * i as f64);
        let _ = write!(
            out,
            "<rect class=\"bar {class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\"/>",
            x + bw * 0.1,
            TOP + plot_h - h,
            (bw * 0.8).max(1.0)
        );
    }
    out.push_str("</svg>");
    out
}

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Scaling terminates for every value and always covers it.
        #[test]
        fn nice_max_is_total(v in any::<i64>()) {
            let m = nice_max(v);
            prop_assert!(m >= v.max(4));
            prop_assert!(m >= 4);
        }

        /// Every chart renders whatever is stored, the extremes included.
        #[test]
        fn charts_render_any_values(values in proptest::collection::vec(any::<i64>(), 0..40)) {
            let labels: Vec<String> = (0..values.len()).map(|i| i.to_string()).collect();
            let svg = line_chart(Tr::default(), "c", "t", "y", &labels, &[Series { name: "s", class: "s", values: values.clone() }]);
            prop_assert!(svg.ends_with("</svg>"));
            // Every coordinate is a finite number.
            prop_assert!(!svg.contains("NaN") && !svg.contains("inf"));
            let _ = bar_chart(Tr::default(), "b", "t", "y", &labels, &values, "s");
            let _ = sparkline(&values, 60, 16, "x", &[0]);
            let _ = bars(&values, 60, 16, "x", &[0]);
        }
    }

    #[test]
    fn nice_max_at_the_extremes() {
        for v in [
            i64::MIN,
            -1,
            0,
            1,
            4,
            5,
            9_223_372_036_854_775_807,
            4_611_686_018_427_387_904,
        ] {
            assert!(nice_max(v) >= v.max(4), "{v}");
        }
        assert_eq!(nice_max(7), 8);
        assert_eq!(nice_max(17), 20);
        assert_eq!(nice_max(i64::MAX), i64::MAX);
    }

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

    #[test]
    fn report_charts_have_titles_axes_and_legends() {
        let labels: Vec<String> = (1..=14).map(|d| format!("11-{d:02}")).collect();
        let c = line_chart(
            Tr::default(),
            "vol",
            "Mentions <per day>",
            "Mentions",
            &labels,
            &[Series {
                name: "Mentions",
                class: "s-mentions",
                values: (0..14).collect(),
            }],
        );
        assert!(c.contains("<title id=\"vol-t\">Mentions &lt;per day&gt;</title>"));
        assert!(c.contains("aria-labelledby=\"vol-t\""));
        assert!(c.contains("class=\"legend\""));
        assert_eq!(c.matches("class=\"grid\"").count(), 5);
        assert!(
            c.matches("class=\"tick\"").count() <= 5 + 7,
            "x labels are thinned"
        );
        let b = bar_chart(
            Tr::default(),
            "b",
            "Cases",
            "Cases",
            &labels[..3],
            &[0, 5, 2],
            "s-cases",
        );
        assert_eq!(b.matches("<rect class=\"bar").count(), 2);
        assert_eq!(nice_max(0), 4);
        assert_eq!(nice_max(7), 8);
        assert_eq!(nice_max(37), 40);
        assert_eq!(nice_max(1234), 2000);
    }
}
