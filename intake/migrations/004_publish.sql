-- Publishing: an employer's 用工登记 links to the job page staff published from it.
ALTER TABLE submissions ADD COLUMN published_job TEXT;   -- the job's slug (content/jobs/<slug>.md)
CREATE INDEX submissions_by_published_job ON submissions (published_job) WHERE published_job IS NOT NULL;
