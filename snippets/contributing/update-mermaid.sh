# Vendor Mermaid's ES-module build into the theme overrides (run from the repository
# root). The site loads no third-party resources, so the diagram renderer is committed,
# not fetched.
MERMAID_VERSION=11.17.2 # Material for MkDocs 9.x is built against Mermaid 11
# The sha256 of the npm tarball (its sha512 was npm's dist.integrity when recorded): a
# different tarball under the same version stops the update here.
MERMAID_TGZ_SHA256=6ad2f42c3fc26bbf9e45cbb6d11898972573ea52b33a5f4ff51952899f950ffd
VENDOR=src/qwen3_handbook/_site/overrides/assets/vendor/mermaid
SCRATCH=$(mktemp -d)
(cd "$SCRATCH" && npm pack --silent "mermaid@$MERMAID_VERSION" && tar xzf mermaid-*.tgz)
if ! (cd "$SCRATCH" && echo "$MERMAID_TGZ_SHA256  mermaid-$MERMAID_VERSION.tgz" |
  sha256sum --check --quiet); then
  rm -rf "$SCRATCH"
  exit 1
fi
CHUNKS=chunks/mermaid.esm.min
rm -rf "$VENDOR" && mkdir -p "$VENDOR/$CHUNKS"
cp "$SCRATCH/package/LICENSE" "$VENDOR/LICENSE"
cp "$SCRATCH/package/dist/mermaid.esm.min.mjs" "$VENDOR/"
cp "$SCRATCH"/package/dist/$CHUNKS/*.mjs "$VENDOR/$CHUNKS/"
# The builds end with a sourceMappingURL comment; the maps are not vendored, so drop it.
sed -i -e 's|//# sourceMappingURL=.*$||' "$VENDOR"/*.mjs "$VENDOR"/$CHUNKS/*.mjs
echo "$MERMAID_VERSION" >"$VENDOR/VERSION"
# The sha256 of every vendored file, checked by tests/test_offline.py.
(cd "$VENDOR" && find . -type f ! -name SHA256SUMS | LC_ALL=C sort |
  sed 's|^\./||' | xargs sha256sum >SHA256SUMS)
rm -rf "$SCRATCH"
