# Vendor Mermaid's ES-module build into the theme overrides (run from the repository
# root). The site loads no third-party resources, so the diagram renderer is committed,
# not fetched.
MERMAID_VERSION=11.17.2 # Material for MkDocs 9.x is built against Mermaid 11
VENDOR=src/qwen3_handbook/_site/overrides/assets/vendor/mermaid
SCRATCH=$(mktemp -d)
(cd "$SCRATCH" && npm pack --silent "mermaid@$MERMAID_VERSION" && tar xzf mermaid-*.tgz)
CHUNKS=chunks/mermaid.esm.min
rm -rf "$VENDOR" && mkdir -p "$VENDOR/$CHUNKS"
cp "$SCRATCH/package/LICENSE" "$VENDOR/LICENSE"
cp "$SCRATCH/package/dist/mermaid.esm.min.mjs" "$VENDOR/"
cp "$SCRATCH"/package/dist/$CHUNKS/*.mjs "$VENDOR/$CHUNKS/"
# The builds end with a sourceMappingURL comment; the maps are not vendored, so drop it.
sed -i -e 's|//# sourceMappingURL=.*$||' "$VENDOR"/*.mjs "$VENDOR"/$CHUNKS/*.mjs
echo "$MERMAID_VERSION" >"$VENDOR/VERSION"
rm -rf "$SCRATCH"
