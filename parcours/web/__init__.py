"""Web plumbing every blueprint shares: the session cookie's keys, forms, downloads, safe
redirects, links, security headers and rate limits, the body limit, error pages, CSV, logs.
May import everything below it (reports, services, mail, infra, models); never a blueprint."""
