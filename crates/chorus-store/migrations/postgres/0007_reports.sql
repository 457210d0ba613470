-- Reports: cases by opening time, and a theme's mentions by time (the theme filter counts
-- them per channel). Keep this file and ../sqlite/0007_reports.sql in step.
CREATE INDEX cases_created ON cases (created_at);
CREATE INDEX mentions_theme_time ON mentions (theme_id, created_at) WHERE theme_id IS NOT NULL;
-- The top themes of a period are summed over a range of hours, across themes.
CREATE INDEX theme_counts_bucket ON theme_counts (bucket, theme_id);
