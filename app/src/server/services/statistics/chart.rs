//! 培训统计's line over the years, drawn by plotters as SVG on the server: the page shows it
//! as it comes, and the same figures in a table beneath it for screen readers and copying.

use crate::error::{AppError, AppResult};
use plotters::prelude::*;

/// The design system's primary, border and muted text colours (style/main.css).
const PRIMARY: RGBColor = RGBColor(0x1f, 0x6f, 0xeb);
const GRID: RGBColor = RGBColor(0xd8, 0xde, 0xe4);
const TEXT: RGBColor = RGBColor(0x65, 0x6d, 0x76);

/// A line of `points` (year, figure) as an SVG that scales to its box (`viewBox`, no fixed
/// size), so it fits a 360 px phone as well as a desktop.
pub fn line(points: &[(i32, i64)]) -> AppResult<String> {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return Ok(String::new());
    };
    let top = points.iter().map(|p| p.1).max().unwrap_or(0).max(1);
    // Head room above the highest point, in a round step.
    let top = top + top / 8 + 1;
    let (w, h) = (640u32, 240u32);
    let mut svg = String::new();
    draw(&mut svg, (w, h), (first.0, last.0), top, points).map_err(|e| {
        tracing::error!("培训统计折线图绘制失败: {e}");
        AppError::Internal
    })?;
    // plotters writes a fixed width and height beside its viewBox: without them CSS sizes it.
    Ok(svg.replacen(
        &format!(r#"width="{w}" height="{h}""#),
        r#"preserveAspectRatio="xMidYMid meet""#,
        1,
    ))
}

fn draw(
    svg: &mut String,
    size: (u32, u32),
    (from, to): (i32, i32),
    top: i64,
    points: &[(i32, i64)],
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(svg, size).into_drawing_area();
    let font = ("sans-serif", 13).into_font().color(&TEXT);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(26)
        .y_label_area_size(56)
        .build_cartesian_2d(from..to.max(from + 1), 0i64..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        // Minor lines in the card's white: only the labelled ones show.
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .axis_style(GRID)
        .x_labels(points.len())
        .y_labels(5)
        .x_label_formatter(&|y| format!("{y}"))
        .y_label_formatter(&|n| n.to_string())
        .label_style(font)
        .draw()?;
    chart.draw_series(LineSeries::new(
        points.iter().copied(),
        PRIMARY.stroke_width(2),
    ))?;
    chart.draw_series(points.iter().map(|p| Circle::new(*p, 3, PRIMARY.filled())))?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_scales_to_its_box_and_marks_every_year() {
        let points: Vec<(i32, i64)> = (2017..=2026)
            .map(|y| (y, i64::from(y - 2000) * 10))
            .collect();
        let svg = line(&points).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
        assert_eq!(svg.matches(r#"viewBox="0 0 640 240""#).count(), 1);
        assert!(!svg.contains(r#"width="640""#));
        assert_eq!(svg.matches("<circle").count(), 10);
        for y in [2017, 2021, 2026] {
            assert!(svg.contains(&format!("\n{y}\n</text>")), "{y}: {svg}");
        }
        assert!(svg.contains("<polyline"));
    }

    #[test]
    fn no_years_draw_nothing_and_zeros_still_draw() {
        assert_eq!(line(&[]).unwrap(), "");
        let svg = line(&[(2025, 0), (2026, 0)]).unwrap();
        assert_eq!(svg.matches("<circle").count(), 2);
    }
}
