# Build strictly and push the site to the gh-pages branch (GitHub Pages serves it, 404
# included).
NO_MKDOCS_2_WARNING=1 mkdocs gh-deploy --strict --force --message "Deploy {sha}"
