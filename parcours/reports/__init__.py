"""Reports: charts, and (issue 4) the PDF roadmap."""
