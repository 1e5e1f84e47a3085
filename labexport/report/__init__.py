"""Numbers → pages: parameters, wording, narrative, plots, notebooks run and exported."""
