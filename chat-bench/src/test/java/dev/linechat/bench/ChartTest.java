package dev.linechat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ChartTest {

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void drawsTwoBarsPerGroupAsWellFormedSvg() throws Exception {
        String svg = Chart.svg(
                List.of(new Chart.Bars("echo 1 x 1000", "vs netty-bytebuf", 2.1e6, 1.9e6),
                        new Chart.Bars("fan-out x 100", "vs ncat --chat", 4.9e6, 3.0e6)),
                List.of(new Chart.Bars("p50", "", 40, 45), new Chart.Bars("p99", "", 140, 160)),
                "Ping-pong latency (us), vs <netty-bytebuf> & co");
        Document doc = parse(svg);
        assertEquals("svg", doc.getDocumentElement().getTagName());
        // a background, two legend swatches, then two bars per group
        assertEquals(3 + 2 * 4, doc.getElementsByTagName("rect").getLength());
        assertThat(svg).contains("1.90", "4.90", "160", "vs ncat --chat", "&lt;netty-bytebuf&gt; &amp; co");
    }

    @Test
    void marksAFailedRunInsteadOfDrawingIt() throws Exception {
        String svg = Chart.svg(List.of(new Chart.Bars("echo", "", 1e6, Double.NaN)), List.of(), "latency");
        parse(svg);
        assertThat(svg).contains("n/a");
    }

    @Test
    void latencyGridlinesArePowersOfTen() {
        String svg = Chart.svg(List.of(), List.of(new Chart.Bars("p50", "", 25, 31), new Chart.Bars("p99.9", "", 2100, 3400)), "latency");
        assertThat(svg).contains(">10</text>", ">100</text>", ">1000</text>", ">10000</text>");
    }

    @Test
    void gridStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.5, Chart.niceStep(0.42), 1e-9);
        assertEquals(1, Chart.niceStep(1), 1e-9);
        assertEquals(2, Chart.niceStep(1.3), 1e-9);
        assertEquals(50, Chart.niceStep(37), 1e-9);
        assertEquals(1000, Chart.niceStep(501), 1e-9);
    }
}
