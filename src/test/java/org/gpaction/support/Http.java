package org.gpaction.support;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's browser without the browser, or an API client: real HTTP to the running application, keeping
 * cookies and sending the CSRF token the last page carried.
 */
public final class Http {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String PAGE = "text/html,application/xhtml+xml,*/*;q=0.8";
    private static final JsonMapper json = JsonMapper.builder().build();

    private final String base;
    private final CookieManager cookies;
    private final HttpClient client;
    private final Map<String, String> proxyHeaders;
    private final SSLContext tls;
    private String csrf;

    public Http(int port) {
        this(port, new CookieManager(), Map.of(), null);
    }

    private Http(int port, CookieManager cookies, Map<String, String> proxyHeaders, SSLContext tls) {
        this.base = (tls == null ? "http" : "https") + "://localhost:" + port;
        this.cookies = cookies;
        this.proxyHeaders = proxyHeaders;
        this.tls = tls;
        HttpClient.Builder client = HttpClient.newBuilder()
                .cookieHandler("https".equals(proxyHeaders.get("X-Forwarded-Proto")) ? new OverHttps(cookies) : cookies)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            client.sslContext(tls);
        }
        this.client = client.build();
    }

    /**
     * A browser reaching the application through a reverse proxy on this machine: every request carries the headers
     * the proxy adds ({@code X-Forwarded-For}, say), as it arrives from the proxy.
     */
    public static Http throughProxy(int port, Map<String, String> proxyHeaders) {
        return new Http(port, new CookieManager(), Map.copyOf(proxyHeaders), null);
    }

    /**
     * A browser reaching the application over HTTPS, through a proxy that ends TLS on {@code port} with a certificate
     * that {@code tls} trusts.
     */
    public static Http overHttps(int port, SSLContext tls) {
        return new Http(port, new CookieManager(), Map.of(), tls);
    }

    /**
     * The same browser, with the same cookies and the last page's form, talking to another instance of the
     * application.
     */
    public Http sameBrowserOn(int port) {
        Http other = new Http(port, cookies, proxyHeaders, tls);
        other.csrf = csrf;
        return other;
    }

    /**
     * The cookie jar of a browser whose requests the proxy takes over HTTPS: the cookies the application marks Secure
     * (as it marks them on such a request) are sent back too.
     */
    private static final class OverHttps extends CookieHandler {

        private final CookieManager cookies;

        OverHttps(CookieManager cookies) {
            this.cookies = cookies;
        }

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
            return cookies.get(https(uri), headers);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) throws IOException {
            cookies.put(https(uri), headers);
        }

        private static URI https(URI uri) {
            return URI.create("https" + uri.toString().substring(uri.getScheme().length()));
        }
    }

    public record Response(int status, Map<String, String> headers, String body) {

        public JsonNode json() {
            return Http.json.readTree(body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", PAGE).GET());
    }

    /** A page's part fetched by script, as htmx does: with these headers besides the browser's. */
    public Response getByScript(String path, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri(path)).header("Accept", "*/*").GET();
        headers.forEach(request::header);
        return send(request);
    }

    /**
     * A GET from a client that names a site of its choosing in the Host header, which HttpClient will not let a
     * caller set: plain HTTP/1.0 to {@code port} on this machine, so the answer ends when the connection does.
     */
    public static Response getNamingHost(int port, String path, String host, Map<String, String> headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n");
        headers.forEach(
                (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("Accept: */*\r\n\r\n");
        String answer;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Request failed: " + e.getMessage(), e);
        }
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("No complete answer to " + path + ": " + answer);
        }
        String[] lines = answer.substring(0, end).split("\r\n");
        Map<String, String> answerHeaders = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            answerHeaders.merge(
                    lines[i].substring(0, colon).trim().toLowerCase(),
                    lines[i].substring(colon + 1).trim(),
                    (first, next) -> first + ", " + next);
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), answerHeaders, answer.substring(end + 4));
    }

    public Response get(String path, String bearer) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .GET());
    }

    /** Saves a file the server sends (a ZIP, say) to {@code target}; answers the status. Bearer may be null. */
    public int download(String path, String bearer, java.nio.file.Path target) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            java.nio.file.Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new IllegalStateException("Could not clear " + target + ": " + e.getMessage(), e);
        }
        return exchange(request, HttpResponse.BodyHandlers.ofFile(target)).statusCode();
    }

    /**
     * Saves a file the server sends into {@code folder} under the name its Content-Disposition gives, as a browser
     * saves a download; answers the file. A response that is not 200 or names no file fails.
     */
    public java.nio.file.Path downloadInto(String path, java.nio.file.Path folder) {
        HttpResponse<byte[]> response =
                exchange(HttpRequest.newBuilder(uri(path)).GET(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
        String disposition =
                response.headers().firstValue("Content-Disposition").orElse("");
        Matcher name = Pattern.compile("filename=\"([^\"/\\\\]+)\"").matcher(disposition);
        if (!name.find()) {
            throw new IllegalStateException(path + " names no file to save: " + disposition);
        }
        java.nio.file.Path saved = folder.resolve(name.group(1));
        try {
            java.nio.file.Files.write(saved, response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Could not save " + saved + ": " + e.getMessage(), e);
        }
        return saved;
    }

    /** Posts a form with the CSRF token of the page fetched last, as a browser would. */
    public Response postForm(String path, Map<String, String> fields) {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        if (csrf != null) {
            withToken.putIfAbsent("_csrf", csrf);
        }
        return postFormExactly(path, withToken);
    }

    public Response postFormExactly(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", PAGE)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Sends a file as a browser does from a form's file field, with the CSRF token of the page fetched last: the
     * field {@code file}, a part named {@code fileName} of type text/csv.
     */
    public Response postFile(String path, String fileName, String content) {
        String boundary = "gpaction-test-boundary";
        StringBuilder body = new StringBuilder();
        if (csrf != null) {
            body.append("--")
                    .append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n")
                    .append(csrf)
                    .append("\r\n");
        }
        body.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(fileName)
                .append("\"\r\nContent-Type: text/csv\r\n\r\n")
                .append(content)
                .append("\r\n--")
                .append(boundary)
                .append("--\r\n");
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", PAGE)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    /** Sends a CSV file as the request's whole body, as an API client imports one. */
    public Response postCsv(String path, String csv, String bearer) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "text/csv")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8)));
    }

    public Response postJson(String path, Object body) {
        return postJson(path, body, null);
    }

    public Response postJson(String path, Object body, String bearer) {
        return postJson(path, body, bearer, Map.of());
    }

    /** A POST with these headers besides (If-Match, say). */
    public Response postJson(String path, Object body, String bearer, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        body instanceof String text ? text : json.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(request::header);
        return send(request);
    }

    public Response putJson(String path, Object body, String bearer) {
        return putJson(path, body, bearer, Map.of());
    }

    /** A PUT with these headers besides (If-Match, say). */
    public Response putJson(String path, Object body, String bearer, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        body instanceof String text ? text : json.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(request::header);
        return send(request);
    }

    public Response delete(String path, String bearer) {
        return delete(path, bearer, Map.of());
    }

    /** A DELETE with these headers besides (If-Match, say). */
    public Response delete(String path, String bearer, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + bearer)
                .DELETE();
        headers.forEach(request::header);
        return send(request);
    }

    /** Another browser holding a copy of this one's cookies as they are now, as someone who copied them would. */
    public Http withCopiedCookies() {
        CookieManager copied = new CookieManager();
        URI site = URI.create(base);
        for (java.net.HttpCookie cookie : cookies.getCookieStore().getCookies()) {
            copied.getCookieStore().add(site, (java.net.HttpCookie) cookie.clone());
        }
        return new Http(site.getPort(), copied, proxyHeaders, tls);
    }

    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals(name))
                .map(java.net.HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    /**
     * An API token for the account, asked for as a script asks for one (POST /api/tokens); the test fails here, with
     * the answer, if none is issued.
     */
    public String apiToken(String email, String password) {
        Response issued = postJson("/api/tokens", Map.of("email", email, "password", password));
        if (issued.status() != 201) {
            throw new AssertionError("No API token for " + email + ": " + issued.status() + " " + issued.body());
        }
        return issued.json().get("token").asString();
    }

    /** Signs in through the sign-in page and returns the page it lands on. */
    public Response signIn(String email, String password) {
        get("/sign-in");
        Response response = postForm("/sign-in", Map.of("email", email, "password", password));
        if (response.status() == 302) {
            return get(URI.create(response.header("location")).getPath());
        }
        return response;
    }

    private Response send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(", ", values)));
        Matcher token = CSRF.matcher(response.body());
        if (token.find()) {
            csrf = token.group(1).replace("&#45;", "-");
        }
        return new Response(response.statusCode(), headers, response.body());
    }

    /** Sends the request; a request that could not be made fails the test rather than answering a status. */
    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        proxyHeaders.forEach(request::header);
        try {
            return client.send(request.build(), body);
        } catch (IOException e) {
            throw new IllegalStateException("Request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
