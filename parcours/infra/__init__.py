"""What the app runs on: Flask extensions, the database's set-up and its one transaction,
background jobs, the secrets given to people, rate-limit storage, the project's paths.
May import the models (jobs are rows), never a service, a report, the web or a blueprint."""
