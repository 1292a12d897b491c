# folio in a container, for CI systems that prefer one:
#   docker build -t folio .
#   docker run --rm -v "$PWD:/site" folio check
#   docker run --rm -v "$PWD:/site" folio build --base-url https://me.example/
# The binary is the release build (profile dist); the image adds only what it links to
# (glibc and libgcc: distroless/cc), about 25 MB in all.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --locked --profile dist && cp target/dist/folio /folio

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /folio /usr/local/bin/folio
WORKDIR /site
ENTRYPOINT ["folio"]
CMD ["build"]
