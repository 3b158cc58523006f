package sc.fiji.neuralstyle.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTest {

	@Test
	void lossesHaveFourSignificantDigits() {
		assertEquals("17.34", Numbers.loss(17.33675765991211));
		assertEquals("1.235e5", Numbers.loss(123456));
		assertEquals("1.23e-3", Numbers.loss(0.00123));
		assertEquals("0.1235", Numbers.loss(0.123456));
		assertEquals("100", Numbers.loss(100));
		assertEquals("9999", Numbers.loss(9999));
		assertEquals("1e4", Numbers.loss(10000));
		assertEquals("-2.5", Numbers.loss(-2.5));
		assertEquals("0", Numbers.loss(0));
		assertEquals("NaN", Numbers.loss(Double.NaN));
		assertEquals("1.23e5", Numbers.significant(123456, 3));
	}

	@Test
	void linesAreBrokenAtBlanksAndKeepTheirIndent() {
		assertEquals("one two\nthree four\nfive", Lines.wrap("one two three four five", 10));
		assertEquals("first line\n\n  indented\n  more", Lines.wrap("first line\n\n  indented more", 10));
		assertEquals("short", Lines.wrap("short", 10));
	}

	@Test
	void aLongPathIsBrokenAfterASlash() {
		assertEquals("see\n/home/someone/\nmodels/vgg19-dcbb9e9\nd.pth now",
			Lines.wrap("see /home/someone/models/vgg19-dcbb9e9d.pth now", 20), "a '/' early in the line is not used");
	}

	@Test
	void aWordWithoutSlashesIsCutWhereItMust() {
		assertEquals("abcdefghij\nklmno", Lines.wrap("abcdefghijklmno", 10));
	}
}
