// placeholder until the site config loader lands
