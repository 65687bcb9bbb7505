# Classroom server image: the web client is built with Node, the server with the .NET SDK, and the
# result runs on the ASP.NET runtime image. Data (SQLite file, cookie keys, certificates) lives in /data.

FROM node:20-bookworm-slim AS web
WORKDIR /src/web-client
COPY web-client/package.json web-client/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web-client/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# The client is already built: place it where the server serves it, so MSBuild skips npm.
COPY --from=web /src/web-client/dist/ src/Classroom.Server/client/
RUN dotnet publish src/Classroom.Server/Classroom.Server.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# HTTPS with the server's own certificate (kept in /data/tls); give the host's LAN address in
# Classroom__Https__HostNames__0 so the certificate covers the address phones use. Behind a proxy:
# Urls=http://+:8080 and Classroom__Https__BehindProxy=true.
ENV Urls=https://+:8443;http://+:8080 \
    Classroom__DataDirectory=/data
RUN mkdir -p /data && chown app /data
VOLUME /data
EXPOSE 8443
EXPOSE 8080
EXPOSE 40000-40003/udp
# passive ICE-TCP for networks that block UDP (Classroom:Media:TcpPort)
EXPOSE 40000/tcp
USER app
ENTRYPOINT ["dotnet", "Classroom.Server.dll"]
