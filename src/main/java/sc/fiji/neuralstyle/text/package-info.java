/** Words for messages (counts with their nouns); imports nothing but the JDK, so every package may use it. */
package sc.fiji.neuralstyle.text;
