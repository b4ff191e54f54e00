# The same strict build the tests run; any warning (broken link, missing snippet) fails
# it.
NO_MKDOCS_2_WARNING=1 mkdocs build --strict --site-dir /tmp/handbook-site
