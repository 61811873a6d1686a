package io.vectorgrad.training.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesAllValueKinds() {
    Object v = Json.parse(" {\"a\": [1, -2.5e1, true, false, null], \"b\\u00e9\\n\": {\"c\": \"x\\\"y\"},"
        + " \"big\": 18446744073709551615} ");
    Map<?, ?> m = (Map<?, ?>) v;
    List<?> a = (List<?>) m.get("a");
    assertEquals(BigInteger.ONE, a.get(0));
    assertEquals(0, new BigDecimal("-25").compareTo((BigDecimal) a.get(1)));
    assertEquals(Boolean.TRUE, a.get(2));
    assertSame(Json.NULL, a.get(4));
    assertEquals("x\"y", ((Map<?, ?>) m.get("bé\n")).get("c"));
    assertEquals(new BigInteger("18446744073709551615"), m.get("big"));
    assertEquals("\"a\\\"\\n\\u0001\"", Json.quote("a\"\n\u0001"));
    assertEquals("é\n", ((Map<?, ?>) Json.parse("{" + Json.quote("é\n") + ":1}")).keySet().iterator().next());
  }

  @Test
  void rejectsMalformedText() {
    for (String bad : new String[] {"", "{", "{\"a\":1,}", "[1 2]", "{\"a\":1}x", "01", "1.", "-", "\"abc",
        "{\"a\":1,\"a\":2}", "{a:1}", "[\"\\x\"]", "[\"tab\there\"]", "tru", "[1e]", "[".repeat(100) + "]".repeat(100)}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("malformed JSON at character"), e.getMessage());
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1,\"a\":2}")).getMessage()
        .contains("duplicate key \"a\""));
  }
}
