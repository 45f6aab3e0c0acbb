"""Front-end foundation: the GOV.UK page template, component partials, form rendering and static assets."""
