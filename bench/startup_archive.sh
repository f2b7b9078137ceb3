# Sourced by bench/run_startup.sh and bench/run_serve.sh: makes (once) the archive of $ITEMS
# items with ~1 KB of text each (bench_startup, binary $MAKER) under bench/out/startup-$ITEMS/,
# and sets DIR to that folder; its archive is $DIR/archive.
DIR=bench/out/startup-$ITEMS
if [ ! -f "$DIR/archive/catalogue.sqlite" ]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  echo "making the archive: $ITEMS items in $DIR/archive …" >&2
  read -r secs _ < <("$MAKER" archive "$DIR/archive.tmp" "$ITEMS" samples/seeds)
  mv "$DIR/archive.tmp" "$DIR/archive"
  echo "made in $secs s" >&2
fi
